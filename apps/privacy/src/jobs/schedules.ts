import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessageName } from '@offera/contracts';
import { createRedis, redisConnectionConfig, EnvelopeCipher } from '@offera/transport';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrivacyConfig } from '../config.js';

/**
 * Registers the privacy service's repeatable jobs (BullMQ job schedulers) on its own queue:
 * the watchdog and the retention sweep. Upserting is idempotent, so every replica may do it.
 */
@Injectable()
export class PrivacySchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private connection?: Redis;
  private queue?: Queue;

  constructor(@Inject(APP_CONFIG) private readonly config: PrivacyConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = createRedis(redisConnectionConfig(this.config), 'privacy-schedules');
    this.queue = new Queue('privacy', { connection: this.connection, prefix: this.config.queuePrefix });
    const cipher = new EnvelopeCipher(this.config.messageEncryptionKey);
    const schedule = async (name: MessageName, everySeconds: number) => {
      await this.queue?.upsertJobScheduler(
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
    };
    await schedule('privacy.watchdog-sweep', this.config.watchdogIntervalSeconds);
    await schedule('privacy.retention-sweep', this.config.retentionIntervalSeconds);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}
