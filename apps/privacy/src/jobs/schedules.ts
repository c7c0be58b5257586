import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessageName } from '@offera/contracts';
import { RedisRecovery } from '@offera/runtime';
import { BullMqClient, EnvelopeCipher } from '@offera/transport';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrivacyConfig } from '../config.js';

/** The privacy service's repeatable jobs and how often each runs (seconds, from config). */
export const privacySchedules = (config: PrivacyConfig): readonly [MessageName, number][] => [
  ['privacy.watchdog-sweep', config.watchdogIntervalSeconds],
  ['privacy.retention-sweep', config.retentionIntervalSeconds],
];

/**
 * Registers the privacy service's repeatable jobs (BullMQ job schedulers) on its own queue: the
 * watchdog and the retention sweep, at start and again whenever Redis has lost them
 * (RedisRecovery). Upserting is idempotent, so every replica may do it.
 */
@Injectable()
export class PrivacySchedules implements OnModuleInit, OnApplicationShutdown {
  private queue?: Queue;

  constructor(
    private readonly client: BullMqClient,
    private readonly recovery: RedisRecovery,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  onModuleInit(): void {
    this.recovery.onRestore('privacy schedules', () => this.register(), { everyStart: true });
  }

  async register(): Promise<void> {
    await this.client.connect();
    this.queue ??= new Queue('privacy', {
      connection: this.client.unwrap<Redis>(),
      prefix: this.config.queuePrefix,
    });
    const cipher = new EnvelopeCipher(this.config.messageEncryptionKey);
    for (const [name, everySeconds] of privacySchedules(this.config)) {
      await this.queue.upsertJobScheduler(
        name,
        { every: everySeconds * 1000 },
        {
          name,
          data: { s: cipher.seal({}, name) },
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnFail: { age: 7 * 24 * 3600 },
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
