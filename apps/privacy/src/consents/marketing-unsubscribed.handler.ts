import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { HandleEvent } from '@offera/transport';
import { DataSource } from 'typeorm';
import { SubjectDataService } from '../subjects/subject-data.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An unsubscribe link followed (the notifications service checked its signature): an
 * objection to direct marketing (Art. 21(3)), so it is executed as one, with no request and
 * at once. Redelivery changes nothing: the flag is already set and the consent already withdrawn.
 */
@Controller()
export class MarketingUnsubscribedHandler {
  constructor(
    private readonly db: DataSource,
    private readonly subjectData: SubjectDataService,
  ) {}

  @HandleEvent('marketing.unsubscribed')
  async onUnsubscribed(@Payload() e: EventPayload<'marketing.unsubscribed'>): Promise<void> {
    if (typeof e?.subjectId !== 'string' || !UUID.test(e.subjectId)) return;
    await this.db.transaction((tx) =>
      this.subjectData.objectToMarketing(tx, e.subjectId, null, 'unsubscribe-link'),
    );
  }
}
