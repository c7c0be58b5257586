import { Injectable } from '@nestjs/common';
import type { OneTimeLinkContent, OneTimeLinkPurpose } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { ExportsService } from '../exports/exports.service.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { RequestReceiptEntity } from '../requests/request-receipt.entity.js';
import { requestView } from '../requests/request-view.js';
import { LINK_TOKEN, OneTimeLinks } from './one-time-links.js';

interface LinkRow {
  readonly request_id: string;
  readonly purpose: OneTimeLinkPurpose;
  readonly expires_at: Date;
  readonly used_at: Date | null;
  readonly used_by: string | null;
}

const notFound = () => new PrivacyError(PrivacyErrorReason.LinkNotFound, 'This link is not valid');

/**
 * Opens a one-time link once. An unknown or altered token is 404; a used or expired one is 410;
 * neither changes anything. The message that opened it, delivered again (its answer lost),
 * answers as the first delivery did.
 */
@Injectable()
export class LinkOpener {
  constructor(
    private readonly db: DataSource,
    private readonly links: OneTimeLinks,
    private readonly exports: ExportsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async open(token: string, messageId?: string): Promise<OneTimeLinkContent> {
    if (typeof token !== 'string' || !LINK_TOKEN.test(token)) throw notFound();
    return this.db.transaction(async (tx) => {
      const [link] = await tx.query<LinkRow[]>(
        `SELECT request_id, purpose, expires_at, used_at, used_by FROM one_time_links
          WHERE token_hash = $1 FOR UPDATE`,
        [this.links.hash(token)],
      );
      if (!link) throw notFound();
      const again = link.used_at !== null && messageId !== undefined && link.used_by === messageId;
      if (link.used_at && !again)
        throw new PrivacyError(PrivacyErrorReason.LinkUsed, 'This link has been used already');
      const now = this.clock.now();
      if (!again && link.expires_at.getTime() <= now.getTime())
        throw new PrivacyError(PrivacyErrorReason.LinkExpired, 'This link has expired');
      const request = await tx.getRepository(PrivacyRequestEntity).findOneBy({ id: link.request_id });
      if (!request) throw notFound();
      // Read before it is spent: a link whose export is gone stays unused (and says why).
      const content: OneTimeLinkContent =
        link.purpose === 'export'
          ? { purpose: 'export', document: await this.exports.documentOf(request) }
          : {
              purpose: 'receipts',
              request: requestView(
                request,
                await tx
                  .getRepository(RequestReceiptEntity)
                  .find({ where: { requestId: request.id }, order: { service: 'ASC' } }),
                null,
              ),
            };
      if (again) return content;
      await tx.query(`UPDATE one_time_links SET used_at = $2, used_by = $3 WHERE token_hash = $1`, [
        this.links.hash(token),
        now,
        messageId ?? null,
      ]);
      await this.audit.record(
        {
          actorId: 'requester',
          actorRole: 'subject',
          action: 'link.opened',
          subjectRef: request.subjectRef,
          requestId: request.id,
          detail: { purpose: link.purpose },
        },
        tx,
      );
      return content;
    });
  }
}
