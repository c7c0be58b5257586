import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { SweepResult } from '@offera/contracts';
import { deleteExpiredErasureReceipts } from '@offera/database';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { ConsentsService } from '../consents/consents.service.js';
import { ExportsService } from '../exports/exports.service.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The privacy service's retention schedule: expired exports, old request records, consent IPs,
 * and erasure receipts kept as long as the request records they prove.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly exports: ExportsService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const exportsDeleted = await this.exports.deleteExpired();
    const today = DateTime.fromJSDate(now, { zone: 'Europe/Helsinki' }).toISODate() ?? '';
    // Closed requests only: an open one is never deleted under the subject's feet.
    const deleted = await this.db.query<[unknown, number]>(
      `DELETE FROM requests WHERE retain_until < $1 AND status IN ('completed','rejected','failed')`,
      [today],
    );
    const ipsCleared = await this.consents.clearOldIps(
      new Date(now.getTime() - this.config.consentIpRetentionDays * DAY_MS),
    );
    const receiptsDeleted = await deleteExpiredErasureReceipts(
      this.db.manager,
      this.config.requestRecordRetentionYears,
      now,
    );
    const counts = {
      exportsDeleted,
      requestsDeleted: deleted[1],
      consentIpsCleared: ipsCleared,
      erasureReceiptsDeleted: receiptsDeleted,
    };
    if (exportsDeleted || deleted[1] || ipsCleared || receiptsDeleted) {
      await this.audit.record({
        actorId: 'system:retention',
        actorRole: 'system',
        action: 'retention.swept',
        detail: counts,
      });
    }
    return { counts };
  }
}
