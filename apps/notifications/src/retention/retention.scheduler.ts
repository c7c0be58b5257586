import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessagePayload } from '@offera/contracts';
import { RedisRecovery } from '@offera/runtime';
import { BullMqClient, EnvelopeCipher } from '@offera/transport';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { NotificationsConfig } from '../config.js';

const NAME = 'notifications.purge-expired';
const DAILY_MS = 24 * 3600 * 1000;

/**
 * Registers the daily retention job at start, and again whenever Redis has lost it
 * (RedisRecovery); upserting is idempotent, so every replica may do it.
 */
@Injectable()
export class RetentionScheduler implements OnModuleInit, OnApplicationShutdown {
  private queue?: Queue;

  constructor(
    private readonly client: BullMqClient,
    private readonly recovery: RedisRecovery,
    @Inject(APP_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    this.recovery.onRestore('notifications schedules', () => this.register(), { everyStart: true });
  }

  async register(): Promise<void> {
    await this.client.connect();
    this.queue ??= new Queue('notifications', {
      connection: this.client.unwrap<Redis>(),
      prefix: this.config.queuePrefix,
    });
    const payload: MessagePayload<typeof NAME> = {};
    await this.queue.upsertJobScheduler(
      NAME,
      { every: DAILY_MS },
      {
        name: NAME,
        data: { s: new EnvelopeCipher(this.config.messageEncryptionKey).seal(payload, NAME) },
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: { age: 14 * 24 * 3600 },
        },
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // The connection is the transport's (shared); closing the queue only detaches from it.
    await this.queue?.close().catch(() => undefined);
  }
}
