import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../config.js';
import { NotificationJobs } from '../delivery/notification-jobs.js';
import { MessagesService } from '../messages/messages.service.js';
import { sourceIdFor } from '../messages/source-id.js';
import { ReminderEntity } from './reminder.entity.js';

/**
 * Visit reminders: one row per order and one delayed job `reminder-<orderId>`, moved when the
 * visit is rescheduled and removed when it is cancelled or done.
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: NotificationsConfig,
    private readonly jobs: NotificationJobs,
    private readonly messages: MessagesService,
  ) {}

  /**
   * Schedules (or moves) the reminder; a cancelled one stays cancelled. A sent one is sent again
   * only for a new time. With the event's number (`seq`), nothing is written once a later event
   * of the order was seen (e.g. its cancellation handled first).
   */
  async schedule(orderId: string, customerId: string, startsAt: string, seq?: number): Promise<void> {
    const starts = new Date(startsAt);
    if (Number.isNaN(starts.getTime()) || starts.getTime() <= Date.now()) return;
    const due = new Date(starts.getTime() - this.config.reminderLeadMinutes * 60_000);
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO reminders (order_id, customer_id, starts_at, due_at, status)
       SELECT $1, $2, $3, $4, 'scheduled'
        WHERE NOT EXISTS (SELECT 1 FROM order_progress WHERE order_id = $1 AND last_seq > $5::integer)
       ON CONFLICT (order_id) DO UPDATE
         SET starts_at = EXCLUDED.starts_at, due_at = EXCLUDED.due_at, status = 'scheduled', updated_at = now()
         WHERE reminders.status <> 'cancelled'
       RETURNING order_id`,
      [orderId, customerId, starts, due, seq ?? null],
    );
    if (rows.length) await this.jobs.scheduleReminder(orderId, due);
  }

  async cancel(orderId: string): Promise<void> {
    await this.db
      .getRepository(ReminderEntity)
      .update({ orderId, status: 'scheduled' }, { status: 'cancelled', updatedAt: new Date() });
    await this.jobs.removeReminder(orderId);
  }

  /** The delayed job fired: queue the reminder by email and SMS, once per visit time. */
  async fire(orderId: string): Promise<number> {
    const reminder = await this.db.getRepository(ReminderEntity).findOneBy({ orderId, status: 'scheduled' });
    if (!reminder) return 0;
    // Moved later while this job was starting: the newer schedule sends it.
    if (reminder.dueAt.getTime() > Date.now() + 60_000) return 0;
    const startsAt = reminder.startsAt.toISOString();
    const params = { orderId, startsAt };
    const queued = await this.messages.queue(sourceIdFor(`reminder:${orderId}:${startsAt}`), [
      { recipientId: reminder.customerId, template: 'visit-reminder', channel: 'email', params },
      { recipientId: reminder.customerId, template: 'visit-reminder', channel: 'sms', params },
    ]);
    await this.db
      .getRepository(ReminderEntity)
      .update({ orderId, status: 'scheduled' }, { status: 'sent', updatedAt: new Date() });
    return queued;
  }
}
