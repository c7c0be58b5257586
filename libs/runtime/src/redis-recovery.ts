import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { QueueName } from '@offera/contracts';
import { BullMqClient } from '@offera/transport';
import type { Redis } from 'ioredis';

export interface RedisRecoveryOptions {
  readonly service: QueueName;
  readonly prefix: string;
  /** How often the marker is looked for. */
  readonly checkMs: number;
}

/** A step that puts back what this service keeps in Redis (schedules, flows, queued deliveries). */
export interface RestoreStep {
  readonly name: string;
  readonly run: () => Promise<unknown>;
  /** Run at every start, not only when the data was lost (e.g. a release's new schedules). */
  readonly everyStart: boolean;
}

const OPTIONS = Symbol('REDIS_RECOVERY_OPTIONS');

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'error');

/**
 * Postgres is the record; Redis only carries work in flight. This notices when Redis has lost its
 * data (a restart without persistence, a FLUSHDB, a failover to an empty replica) by a marker key
 * the service keeps there: when the marker is gone, every registered restore step runs, and the
 * marker is set again only once they all succeeded (a failed step is tried again at the next
 * check). At start the steps run if the marker is gone, and those marked `everyStart` (schedules,
 * so a new release's are registered) run anyway.
 * Looked for every `checkMs` and whenever the connection is ready again. Every step is
 * idempotent: replicas may run them at the same time.
 */
@Injectable()
export class RedisRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RedisRecovery');
  private readonly steps: RestoreStep[] = [];
  private timer?: NodeJS.Timeout;
  private checking?: Promise<boolean>;
  private stopped = false;
  private readonly onReady = () => void this.check();
  /** Times the steps ran because the marker was gone (not counting the start). */
  restored = 0;

  constructor(
    private readonly client: BullMqClient,
    @Inject(OPTIONS) private readonly options: RedisRecoveryOptions,
  ) {}

  /** Registers a restore step; call it before the application bootstraps (e.g. in onModuleInit). */
  onRestore(name: string, run: () => Promise<unknown>, options: { everyStart?: boolean } = {}): void {
    this.steps.push({ name, run, everyStart: options.everyStart ?? false });
  }

  get markerKey(): string {
    return `${this.options.prefix}:recovery:${this.options.service}`;
  }

  private get redis(): Redis {
    return this.client.unwrap<Redis>();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    // A failure here stops the start.
    const lost = !(await this.redis.exists(this.markerKey));
    await this.restore(lost ? this.steps : this.steps.filter((s) => s.everyStart));
    if (lost) await this.redis.set(this.markerKey, '1');
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(() => void this.check(), this.options.checkMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.redis?.off('ready', this.onReady);
    await this.checking?.catch(() => undefined);
  }

  /** Looks for the marker and restores if it is gone; true when it restored. One check at a time. */
  check(): Promise<boolean> {
    this.checking ??= this.checkOnce()
      .catch((error: unknown) => {
        this.log.warn(`Recovery check failed: ${errorName(error)}`);
        return false;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  private async checkOnce(): Promise<boolean> {
    if (this.stopped || this.redis.status !== 'ready') return false;
    if (await this.redis.exists(this.markerKey)) return false;
    this.log.warn('Redis has lost its data: restoring schedules and work in flight');
    await this.restore(this.steps);
    await this.redis.set(this.markerKey, '1');
    this.restored += 1;
    return true;
  }

  private async restore(steps: readonly RestoreStep[]): Promise<void> {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        this.log.warn(`Restore step ${step.name} failed: ${errorName(error)}`);
        throw error;
      }
    }
  }
}

/** The service's RedisRecovery, global, for its modules to register restore steps with. */
@Module({})
export class RedisRecoveryModule {
  static forRoot(options: RedisRecoveryOptions): DynamicModule {
    return {
      module: RedisRecoveryModule,
      global: true,
      providers: [{ provide: OPTIONS, useValue: options }, RedisRecovery],
      exports: [RedisRecovery],
    };
  }
}
