import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessageName } from '@offera/contracts';
import { RedisRecovery } from '@offera/runtime';
import { BullMqClient, EnvelopeCipher } from '@offera/transport';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CustomersConfig } from '../config.js';

const HOUR_MS = 60 * 60 * 1000;

/** Repeatable jobs of this service: each is just a message to its own queue, on a timer. */
export const MAINTENANCE_JOBS: readonly { readonly name: MessageName; readonly everyMs: number }[] = [
  // Hourly: an IP is gone within an hour of its retention period ending.
  { name: 'customers.purge-expired-ips', everyMs: HOUR_MS },
  // Hourly: after a key change, codes move to the new key a batch at a time.
  { name: 'customers.rotate-identity-codes', everyMs: HOUR_MS },
];

/**
 * Registers the BullMQ job schedulers for MAINTENANCE_JOBS at start, and again whenever Redis
 * has lost them (RedisRecovery). Upserting is idempotent, so every replica may do it; BullMQ
 * runs each due job once.
 */
@Injectable()
export class MaintenanceScheduler implements OnModuleInit, OnApplicationShutdown {
  private queue?: Queue;

  constructor(
    private readonly client: BullMqClient,
    private readonly recovery: RedisRecovery,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  onModuleInit(): void {
    this.recovery.onRestore('customers schedules', () => this.register(), { everyStart: true });
  }

  async register(): Promise<void> {
    this.queue ??= new Queue('customers', {
      connection: this.client.unwrap<Redis>(),
      prefix: this.config.queuePrefix,
    });
    const cipher = new EnvelopeCipher(this.config.messageEncryptionKey);
    for (const job of MAINTENANCE_JOBS) {
      await this.queue.upsertJobScheduler(
        job.name,
        { every: job.everyMs },
        {
          name: job.name,
          // The transport opens every job's payload; sealing keeps the format for an empty one too.
          data: { s: cipher.seal({}, job.name) },
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: { age: 14 * 24 * 3600 },
          },
        },
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // The connection is the transport's (shared); closing the queue only detaches from it.
    await this.queue?.close().catch(() => undefined);
  }
}
