import { Injectable } from '@nestjs/common';
import type { RequestType } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { ContactLookup } from '../delivery/contact-lookup.js';
import { ContactSeal } from './contact-seal.js';
import { RequestNoticeEntity } from './request-notice.entity.js';

/** What the service remembers per privacy request, including an erasure's sealed contact snapshot. */
@Injectable()
export class RequestNoticesService {
  constructor(
    private readonly db: DataSource,
    private readonly contacts: ContactLookup,
    private readonly seal: ContactSeal,
  ) {}

  find(requestId: string): Promise<RequestNoticeEntity | null> {
    return this.db.getRepository(RequestNoticeEntity).findOneBy({ requestId });
  }

  /**
   * Records a request on first sight. For an erasure the subject's address, first name and
   * language are sealed now, while the customers service still has them, so the outcome can
   * be sent after they are erased. A later call changes nothing.
   */
  async remember(requestId: string, subjectId: string, type: RequestType, dueAt: Date): Promise<void> {
    const contact = type === 'erasure' ? await this.contacts.find(subjectId) : null;
    await this.db
      .createQueryBuilder()
      .insert()
      .into(RequestNoticeEntity)
      .values({
        requestId,
        subjectId,
        type,
        dueAt,
        sealedContact: contact
          ? this.seal.seal(requestId, {
              email: contact.email,
              firstName: contact.firstName,
              language: contact.language,
            })
          : null,
      })
      .orIgnore()
      .execute();
  }
}
