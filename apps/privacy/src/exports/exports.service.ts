import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { QueueName, SubjectExportDocument } from '@offera/contracts';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { art15Metadata } from '../notice/data-inventory.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { ExportCipher } from './export-cipher.js';
import { ExportDelivery } from './export-delivery.js';
import { ExportEntity } from './export.entity.js';

const DAY_MS = 24 * 3600 * 1000;

/** Access/portability exports: one encrypted JSON document per request, downloadable for a while. */
@Injectable()
export class ExportsService {
  private readonly cipher: ExportCipher;

  constructor(
    private readonly db: DataSource,
    private readonly delivery: ExportDelivery,
    private readonly clock: Clock,
    private readonly pseudonym: SubjectPseudonym,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {
    this.cipher = new ExportCipher(config.exportEncryptionKey);
  }

  /** Stores the document (replacing an earlier one) and tells the requester it is ready. */
  async store(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    services: Partial<Record<QueueName, Record<string, unknown[]>>>,
  ): Promise<Date> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.exportTtlDays * DAY_MS);
    const document: SubjectExportDocument = {
      requestId: request.id,
      type: request.type === 'portability' ? 'portability' : 'access',
      generatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      metadata: art15Metadata(),
      services,
    };
    const sealed = this.cipher.seal(request.id, document);
    await tx
      .getRepository(ExportEntity)
      .upsert({ requestId: request.id, ...sealed, createdAt: now, expiresAt }, ['requestId']);
    await this.delivery.announce(tx, request, expiresAt);
    return expiresAt;
  }

  /** The subject's own export, while it has not expired. */
  async download(requestId: string, subjectId: string): Promise<SubjectExportDocument> {
    const request = await this.db
      .getRepository(PrivacyRequestEntity)
      .findOneBy({ id: requestId, subjectRef: this.pseudonym.of(subjectId) });
    if (!request) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return this.documentOf(request);
  }

  /** The request's export while it has not expired, whoever is entitled to it (checked by the caller). */
  async documentOf(request: PrivacyRequestEntity): Promise<SubjectExportDocument> {
    const requestId = request.id;
    const row = await this.db.getRepository(ExportEntity).findOneBy({ requestId });
    if (!row) {
      const expired =
        request.status === 'completed' && (request.type === 'access' || request.type === 'portability');
      throw expired
        ? new PrivacyError(PrivacyErrorReason.ExportExpired, 'The export has expired; make a new request')
        : new PrivacyError(PrivacyErrorReason.ExportNotReady, 'No export is ready for this request');
    }
    if (row.expiresAt.getTime() <= this.clock.now().getTime())
      throw new PrivacyError(PrivacyErrorReason.ExportExpired, 'The export has expired; make a new request');
    return this.cipher.open<SubjectExportDocument>(requestId, row);
  }

  async expiresAt(requestId: string): Promise<Date | null> {
    const row = await this.db
      .getRepository(ExportEntity)
      .findOne({ where: { requestId }, select: { requestId: true, expiresAt: true } });
    return row?.expiresAt ?? null;
  }

  async deleteExpired(): Promise<number> {
    const r = await this.db
      .getRepository(ExportEntity)
      .delete({ expiresAt: LessThanOrEqual(this.clock.now()) });
    return r.affected ?? 0;
  }
}
