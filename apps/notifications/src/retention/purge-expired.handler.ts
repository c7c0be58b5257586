import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { APP_CONFIG } from '@offera/config';
import { ErrorCode, type MessagePayload, type MessageResult } from '@offera/contracts';
import { answerOnce, deleteExpiredErasureReceipts } from '@offera/database';
import { type BullMqContext, DomainError, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../config.js';

/** An erasure's sealed contact snapshot never outlives its request's due date by more than this. */
const SNAPSHOT_GRACE_DAYS = 90;

/**
 * Retention: records of finished messages (and their attempts, by cascade), past reminders and
 * request notices older than the retention period are deleted, and a contact snapshot whose
 * outcome notice never came is dropped after its grace period; erasure receipts go after the
 * DSR-record retention (REQUEST_RECORD_RETENTION_YEARS). A run delivered again answers with what
 * the first run deleted.
 */
@Controller()
export class PurgeExpiredHandler {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @HandleMessage('notifications.purge-expired')
  async purge(
    @Payload() p: MessagePayload<'notifications.purge-expired'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'notifications.purge-expired'>> {
    const days = p?.olderThanDays ?? this.config.messageRetentionDays;
    if (!Number.isInteger(days) || days < 0)
      throw new DomainError(ErrorCode.ValidationFailed, 'olderThanDays must be a whole number ≥ 0');
    return answerOnce(this.db, ctx?.messageId, 'notifications.purge-expired', async (tx) => {
      const [, messages] = await tx.query<[unknown[], number]>(
        `DELETE FROM outgoing_messages
          WHERE status IN ('sent', 'failed', 'cancelled') AND created_at < now() - make_interval(days => $1)`,
        [days],
      );
      const [, reminders] = await tx.query<[unknown[], number]>(
        `DELETE FROM reminders WHERE status <> 'scheduled' AND updated_at < now() - make_interval(days => $1)`,
        [days],
      );
      const [, notices] = await tx.query<[unknown[], number]>(
        `DELETE FROM request_notices
          WHERE (sealed_contact IS NULL AND updated_at < now() - make_interval(days => $1))
             OR (sealed_contact IS NOT NULL AND due_at < now() - make_interval(days => $2))`,
        [days, SNAPSHOT_GRACE_DAYS],
      );
      // The latest event number of orders nothing has happened to for as long (ids only).
      await tx.query(`DELETE FROM order_progress WHERE updated_at < now() - make_interval(days => $1)`, [
        days,
      ]);
      const erasureReceipts = await deleteExpiredErasureReceipts(tx, this.config.requestRecordRetentionYears);
      return { messages, reminders, requestNotices: notices, erasureReceipts };
    });
  }
}
