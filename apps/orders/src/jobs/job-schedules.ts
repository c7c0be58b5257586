import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessageName } from '@offera/contracts';
import { RedisRecovery } from '@offera/runtime';
import { BullMqClient, EnvelopeCipher } from '@offera/transport';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OrdersConfig } from '../config.js';

interface Schedule {
  readonly message: MessageName;
  readonly repeat: { every: number } | { pattern: string; tz: string };
}

/** The orders service's repeatable jobs; each one is an ordinary message routed to its queue. */
export const ORDERS_SCHEDULES: readonly Schedule[] = [
  { message: 'orders.materialise-series', repeat: { every: 60 * 60_000 } },
  { message: 'orders.expire-offers', repeat: { every: 60_000 } },
  { message: 'orders.purge-expired-invoices', repeat: { pattern: '0 3 * * *', tz: 'Europe/Helsinki' } },
];

/**
 * Registers the job schedulers at start, and again whenever Redis has lost them
 * (RedisRecovery). Upserting is idempotent, so every replica may do it;
 * BullMQ creates each run once however many replicas there are, and the handlers tolerate
 * running twice anyway.
 */
@Injectable()
export class JobSchedules implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('JobSchedules');
  private queue?: Queue;

  constructor(
    private readonly client: BullMqClient,
    private readonly recovery: RedisRecovery,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.scheduleJobs)
      this.recovery.onRestore('orders schedules', () => this.register(), { everyStart: true });
  }

  async register(): Promise<void> {
    const cipher = new EnvelopeCipher(this.config.messageEncryptionKey);
    this.queue ??= new Queue('orders', {
      connection: this.client.unwrap<Redis>(),
      prefix: this.config.queuePrefix,
    });
    for (const s of ORDERS_SCHEDULES) {
      await this.queue.upsertJobScheduler(s.message, s.repeat, {
        name: s.message,
        data: { s: cipher.seal({}, s.message) },
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: { age: 14 * 24 * 3600 },
        },
      });
    }
    this.log.log(`Registered ${ORDERS_SCHEDULES.length} job schedulers`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
