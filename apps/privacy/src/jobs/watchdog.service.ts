import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { SweepResult } from '@offera/contracts';
import { DataSource, LessThan } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { RequestExecution } from '../execution/request-execution.service.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { RequestLifecycle } from '../requests/request-lifecycle.js';

const WATCHDOG = { id: 'system:watchdog', role: 'system' };

/**
 * Finds requests in progress for longer than the threshold and re-drives them; every re-drive
 * is audited. After the configured number of re-drives the request is marked failed for the
 * DPO, who can retry it.
 */
@Injectable()
export class WatchdogService {
  private readonly log = new Logger('PrivacyWatchdog');

  constructor(
    private readonly db: DataSource,
    private readonly execution: RequestExecution,
    private readonly lifecycle: RequestLifecycle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const stuck = await this.db.getRepository(PrivacyRequestEntity).find({
      where: {
        status: 'in_progress',
        statusChangedAt: LessThan(new Date(now.getTime() - this.config.watchdogStuckMinutes * 60_000)),
      },
      order: { statusChangedAt: 'ASC' },
      take: 100,
    });
    let redriven = 0;
    let failed = 0;
    for (const request of stuck) {
      try {
        if (request.redrives >= this.config.watchdogMaxRedrives) {
          await this.db.transaction(async (tx) => {
            await this.lifecycle.move(tx, request, 'failed', WATCHDOG, {
              note: `not finished after ${request.redrives} re-drives`,
              reason: 'Handling is delayed by a technical fault; it will be retried.',
            });
          });
          failed += 1;
          continue;
        }
        const outcome = await this.execution.redrive(request);
        await this.db.transaction(async (tx) => {
          await tx
            .getRepository(PrivacyRequestEntity)
            .update(
              { id: request.id },
              { redrives: request.redrives + 1, statusChangedAt: this.clock.now() },
            );
          await this.audit.record(
            {
              actorId: WATCHDOG.id,
              actorRole: WATCHDOG.role,
              action: 'request.redriven',
              subjectRef: request.subjectRef,
              requestId: request.id,
              detail: {
                retried: outcome.retried,
                waiting: outcome.waiting,
                parent: outcome.parent,
                redrive: request.redrives + 1,
              },
            },
            tx,
          );
        });
        redriven += 1;
      } catch (error) {
        // One request's trouble must not stop the sweep; the next run tries again.
        this.log.warn(`Re-drive of ${request.id} failed: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
    return { counts: { stuck: stuck.length, redriven, failed } };
  }
}
