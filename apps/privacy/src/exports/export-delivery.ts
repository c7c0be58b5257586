import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { OneTimeLinks } from '../links/one-time-links.js';
import { RequesterContacts } from '../links/requester-contacts.js';
import type { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';

/**
 * How a stored export reaches its requester. A subject who asked signed in is told it is ready
 * and downloads it signed in. A request entered by staff from a letter or email gets a
 * one-time, expiring link, sent to the address the requester gave (or the one on file); with
 * neither, staff download it to post it (audited).
 */
@Injectable()
export class ExportDelivery {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly links: OneTimeLinks,
    private readonly contacts: RequesterContacts,
  ) {}

  async announce(tx: EntityManager, request: PrivacyRequestEntity, expiresAt: Date): Promise<void> {
    if (request.verification === 'signed_in_session') {
      if (request.subjectId)
        await this.outbox.add(tx, 'privacy-export.ready', {
          requestId: request.id,
          subjectId: request.subjectId,
          expiresAt: expiresAt.toISOString(),
          occurredAt: this.clock.now().toISOString(),
        });
      return;
    }
    const contact = await this.contacts.take(tx, request.id);
    if (!contact && !request.subjectId) return; // nobody to write to: staff post it
    const link = this.links.prepare(
      request,
      'export',
      { subjectId: request.subjectId, contact },
      [],
      expiresAt,
    );
    await this.links.issue(tx, link);
  }
}
