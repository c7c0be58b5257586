import { Injectable } from '@nestjs/common';
import type { StaffExportPayload, SubjectExportDocument } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { ExportsService } from './exports.service.js';

/**
 * Staff download an export to post it to a requester who cannot sign in or receive a link.
 * Audited (who, when, which subject, why) before the document is answered; the same download
 * delivered again (`messageId`) is audited once. Only the audit entry's id is kept per message:
 * the document itself is personal data, read again each time.
 */
@Injectable()
export class StaffExportDownload {
  constructor(
    private readonly db: DataSource,
    private readonly exports: ExportsService,
    private readonly audit: AuditService,
  ) {}

  async download(p: StaffExportPayload, messageId?: string): Promise<SubjectExportDocument> {
    const reason = typeof p.reason === 'string' ? p.reason.trim() : '';
    if (reason.length < 5 || reason.length > 500)
      throw new PrivacyError(PrivacyErrorReason.FieldsRequired, 'reason must be 5 to 500 characters');
    const request = await this.db.getRepository(PrivacyRequestEntity).findOneBy({ id: p.requestId });
    if (!request) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    const document = await this.exports.documentOf(request);
    await answerOnce(this.db, messageId, 'privacy.staff-get-export', async (tx) => ({
      auditId: await this.audit.record(
        {
          actorId: p.actorId,
          actorRole: p.actorRole,
          action: 'export.downloaded-by-staff',
          subjectRef: request.subjectRef,
          requestId: request.id,
          detail: { reason, type: request.type },
        },
        tx,
      ),
    }));
    return document;
  }
}
