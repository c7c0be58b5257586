import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { MessageName, MessagePayload } from '@offera/contracts';
import { createRedis, redisConnectionConfig, EnvelopeCipher, quit } from '@offera/transport';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { NotificationsConfig } from '../config.js';

/** Deterministic job ids, so a job can be found again (moved, removed) from what the database knows. */
export const deliveryJobId = (messageId: string): string => `deliver-${messageId}`;
export const reminderJobId = (orderId: string): string => `reminder-${orderId}`;

const KEEP_FAILED = { age: 14 * 24 * 3600, count: 50_000 };

/**
 * The service's own jobs on its queue, in the transport's wire format (a sealed payload that
 * holds only ids): deliveries retried with exponential backoff, and delayed visit reminders.
 */
@Injectable()
export class NotificationJobs implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly cipher: EnvelopeCipher;

  constructor(@Inject(APP_CONFIG) private readonly config: NotificationsConfig) {
    this.connection = createRedis(redisConnectionConfig(config), 'notifications-jobs');
    this.queue = new Queue('notifications', { connection: this.connection, prefix: config.queuePrefix });
    this.cipher = new EnvelopeCipher(config.messageEncryptionKey);
  }

  private envelope<N extends MessageName>(name: N, payload: MessagePayload<N>): { s: string } {
    return { s: this.cipher.seal(payload, name) };
  }

  /** Queues deliveries; an id already queued (or retrying) is left as it is. */
  async deliver(messageIds: readonly string[]): Promise<void> {
    if (!messageIds.length) return;
    const opts = (id: string): JobsOptions => ({
      jobId: deliveryJobId(id),
      attempts: this.config.deliveryAttempts,
      backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
      removeOnComplete: true,
      removeOnFail: KEEP_FAILED,
      stackTraceLimit: 0,
    });
    await this.queue.addBulk(
      messageIds.map((messageId) => ({
        name: 'notifications.deliver',
        data: this.envelope('notifications.deliver', { messageId }),
        opts: opts(messageId),
      })),
    );
  }

  /** (Re)schedules an order's reminder for `dueAt`: an earlier job for the order is replaced. */
  async scheduleReminder(orderId: string, dueAt: Date): Promise<void> {
    await this.queue.remove(reminderJobId(orderId));
    await this.queue.add(
      'notifications.send-reminder',
      this.envelope('notifications.send-reminder', { orderId }),
      {
        jobId: reminderJobId(orderId),
        delay: Math.max(0, dueAt.getTime() - Date.now()),
        attempts: this.config.deliveryAttempts,
        backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
        removeOnComplete: true,
        removeOnFail: KEEP_FAILED,
        stackTraceLimit: 0,
      },
    );
  }

  /** Reminders put back after Redis lost them; one still queued is left as it is. */
  async restoreReminders(
    reminders: readonly { readonly orderId: string; readonly dueAt: Date }[],
  ): Promise<void> {
    if (!reminders.length) return;
    await this.queue.addBulk(
      reminders.map((r) => ({
        name: 'notifications.send-reminder',
        data: this.envelope('notifications.send-reminder', { orderId: r.orderId }),
        opts: {
          jobId: reminderJobId(r.orderId),
          delay: Math.max(0, r.dueAt.getTime() - Date.now()),
          attempts: this.config.deliveryAttempts,
          backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
          removeOnComplete: true,
          removeOnFail: KEEP_FAILED,
          stackTraceLimit: 0,
        },
      })),
    );
  }

  async removeReminder(orderId: string): Promise<void> {
    await this.queue.remove(reminderJobId(orderId));
  }

  /**
   * Removes queued, delayed or failed jobs. Returns the ids of those still there: a job being
   * processed right now is locked and cannot be removed yet (see `removeWhenIdle`).
   */
  async removeJobs(jobIds: readonly string[]): Promise<string[]> {
    const left: string[] = [];
    for (const id of jobIds) {
      if ((await this.queue.remove(id)) === 0 && (await this.queue.getJob(id))) left.push(id);
    }
    return left;
  }

  /** Removes each job once it is no longer running, waiting up to `timeoutMs`; returns those left. */
  async removeWhenIdle(jobIds: readonly string[], timeoutMs = 5000): Promise<string[]> {
    let left = [...jobIds];
    const deadline = Date.now() + timeoutMs;
    while (left.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await this.removeJobs(left);
    }
    return left;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await quit(this.connection);
  }
}
