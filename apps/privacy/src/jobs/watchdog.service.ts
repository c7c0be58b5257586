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
 * DPO, who can retry it. A request left approved but never started (its start was lost between
 * the decision and the flow) is started, as the watchdog, after the same threshold.
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
    const started = await this.startApproved();
    const stuck = await this.olderThanThreshold('in_progress');
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
    return { counts: { stuck: stuck.length, redriven, failed, started } };
  }

  /** Approved requests whose start was lost: started now (the move to in progress is audited). */
  private async startApproved(): Promise<number> {
    let started = 0;
    for (const request of await this.olderThanThreshold('approved')) {
      try {
        await this.execution.start(request.id, WATCHDOG);
        started += 1;
      } catch (error) {
        this.log.warn(`Start of ${request.id} failed: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
    return started;
  }

  private olderThanThreshold(status: 'approved' | 'in_progress'): Promise<PrivacyRequestEntity[]> {
    const since = new Date(this.clock.now().getTime() - this.config.watchdogStuckMinutes * 60_000);
    return this.db.getRepository(PrivacyRequestEntity).find({
      where: { status, statusChangedAt: LessThan(since) },
      order: { statusChangedAt: 'ASC' },
      take: 100,
    });
  }
}
