import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { RedisRecovery } from '@offera/runtime';
import { DataSource } from 'typeorm';
import { NotificationJobs } from './notification-jobs.js';

/** Rows put back per round trip. */
const BATCH = 500;

/**
 * When Redis has lost its data, the jobs of undelivered messages and of scheduled reminders are
 * queued again from the database (the record): a message still pending or being sent, and a
 * reminder still scheduled. Job ids are the rows' own, so one still queued is not doubled, and
 * a message already sent is not sent again.
 */
@Injectable()
export class DeliveryRecovery implements OnModuleInit {
  private readonly log = new Logger('DeliveryRecovery');

  constructor(
    private readonly db: DataSource,
    private readonly jobs: NotificationJobs,
    private readonly recovery: RedisRecovery,
  ) {}

  onModuleInit(): void {
    this.recovery.onRestore('notifications deliveries', () => this.restore());
  }

  async restore(): Promise<{ messages: number; reminders: number }> {
    let messages = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await this.db.query<{ id: string }[]>(
        `SELECT id FROM outgoing_messages WHERE status IN ('pending', 'sending') AND id > $1
          ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      await this.jobs.deliver(rows.map((r) => r.id));
      messages += rows.length;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].id;
    }
    let reminders = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await this.db.query<{ order_id: string; due_at: Date }[]>(
        `SELECT order_id, due_at FROM reminders WHERE status = 'scheduled' AND order_id > $1
          ORDER BY order_id LIMIT ${BATCH}`,
        [after],
      );
      await this.jobs.restoreReminders(rows.map((r) => ({ orderId: r.order_id, dueAt: r.due_at })));
      reminders += rows.length;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].order_id;
    }
    if (messages || reminders) this.log.log(`Queued ${messages} messages and ${reminders} reminders again`);
    return { messages, reminders };
  }
}
