import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { DisclosureView, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DisclosuresService } from './disclosures.service.js';

@Controller()
export class DisclosuresHandlers {
  constructor(private readonly disclosures: DisclosuresService) {}

  @HandleMessage('privacy.record-disclosure')
  record(@Payload() p: MessagePayload<'privacy.record-disclosure'>): Promise<DisclosureView> {
    return this.disclosures.record(p);
  }

  @HandleMessage('privacy.list-disclosures')
  list(@Payload() p: MessagePayload<'privacy.list-disclosures'>): Promise<DisclosureView[]> {
    return this.disclosures.list(p);
  }
}
