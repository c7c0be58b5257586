import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { OutboxWriter } from '@offera/database';
import { RedisRecovery } from '@offera/runtime';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { completionEvent, completionEventId } from '../requests/completion-event.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { RequestExecution } from './request-execution.service.js';
import { RequestFlows } from './request-flows.js';

/** A request younger than this in its status is being started right now: left alone. */
const GRACE_MS = 5_000;
/** Requests looked at per pass (oldest first); the next pass takes the rest. */
const BATCH = 500;
/** After a loss, completions this recent are announced again (their first announcement may be lost). */
const REANNOUNCE_MS = 60 * 60_000;

const RECONCILER = { id: 'system:reconciler', role: 'system' } as const;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'error');

export interface Reconciled {
  readonly relaunched: number;
  readonly started: number;
}

/**
 * Postgres is the record of every request; Redis only carries its flow. Every few seconds, and
 * at once when Redis has lost its data, this drives every request that is not complete again
 * from its recorded state: an approved request whose start was lost is started; a request in
 * progress whose flow's parent job is gone is launched again under the same job ids — each
 * service's step is idempotent and answers with the receipt it kept, so nothing is done twice
 * and the parent still completes the request once. After a loss, requests completed within the
 * last hour are announced again under their completion's own message id: a subject whose
 * outcome notice was lost with Redis gets it, one who had it gets nothing more.
 */
@Injectable()
export class RequestReconciler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RequestReconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<Reconciled>;

  constructor(
    private readonly db: DataSource,
    private readonly execution: RequestExecution,
    private readonly flows: RequestFlows,
    private readonly recovery: RedisRecovery,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  onModuleInit(): void {
    this.recovery.onRestore('privacy requests', async () => {
      await this.reannounceCompletions();
      await this.reconcile();
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.reconcile().catch((error: unknown) => {
        this.log.warn(`Reconciling requests failed: ${errorName(error)}`);
      });
    }, this.config.redisRecoveryCheckMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass (a pass already running is joined, not doubled). */
  reconcile(): Promise<Reconciled> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<Reconciled> {
    const before = new Date(this.clock.now().getTime() - GRACE_MS);
    const repo = this.db.getRepository(PrivacyRequestEntity);
    let started = 0;
    for (const r of await repo.find({
      where: { status: 'approved', statusChangedAt: LessThan(before) },
      order: { statusChangedAt: 'ASC' },
      take: BATCH,
    })) {
      // The move to in progress is guarded: a start made meanwhile makes this one a no-op error.
      await this.execution.start(r.id, RECONCILER).then(
        () => (started += 1),
        (error: unknown) => this.log.warn(`Start of ${r.id} failed: ${errorName(error)}`),
      );
    }
    const running = await repo.find({
      where: { status: 'in_progress', statusChangedAt: LessThan(before) },
      order: { statusChangedAt: 'ASC' },
      take: BATCH,
    });
    const lost = await this.flows.missing(running.map((r) => r.id));
    let relaunched = 0;
    for (const id of lost) {
      try {
        if (await this.relaunch(id)) relaunched += 1;
      } catch (error) {
        // One request's trouble must not stop the pass; the next one tries again.
        this.log.warn(`Relaunch of ${id} failed: ${errorName(error)}`);
      }
    }
    if (relaunched || started) this.log.log(`Drove ${relaunched + started} requests again from their record`);
    return { relaunched, started };
  }

  /**
   * Launches the request's flow again if it is still in progress and its parent job still gone;
   * the row is held meanwhile, so the parent's completion (or another replica) cannot overlap.
   * The privacy service's own work (an objection) takes the row itself: done after the hold.
   */
  private async relaunch(id: string): Promise<boolean> {
    const found = await this.db.transaction(async (tx) => {
      const request = await tx.getRepository(PrivacyRequestEntity).findOne({
        where: { id, status: 'in_progress' },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      if (!request || !(await this.flows.missing([id])).length) return null;
      const local = this.execution.runsLocally(request);
      if (!local) await this.execution.launch(request);
      await this.audit.record(
        {
          actorId: RECONCILER.id,
          actorRole: RECONCILER.role,
          action: 'request.relaunched',
          subjectRef: request.subjectRef,
          requestId: request.id,
          detail: { reason: 'its flow was missing from Redis' },
        },
        tx,
      );
      return { request, local };
    });
    if (found?.local) await this.execution.launch(found.request);
    return found !== null;
  }

  /** Completions of the last hour announced again, each under its first announcement's id. */
  async reannounceCompletions(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - REANNOUNCE_MS);
    const done = await this.db.getRepository(PrivacyRequestEntity).find({
      where: { status: 'completed', completedAt: MoreThan(since) },
      order: { completedAt: 'ASC' },
    });
    if (!done.length) return 0;
    const values = done.map((_, i) => `($${3 * i + 1}::uuid, $${3 * i + 2}, $${3 * i + 3}::jsonb)`);
    const params = done.flatMap((r) => [
      completionEventId(r.id),
      'privacy-request.status-changed',
      JSON.stringify(completionEvent(r, r.completedAt ?? since)),
    ]);
    await this.db.query(
      `INSERT INTO ${OutboxWriter.table(this.db.manager)} (id, name, payload) VALUES ${values.join(', ')}
       ON CONFLICT (id) DO NOTHING`,
      params,
    );
    this.log.log(`Announced ${done.length} recent completions again after Redis lost its data`);
    return done.length;
  }
}
