import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationJobs } from '../delivery/notification-jobs.js';
import { kindOf, type TemplateName } from '../templates/templates.js';
import type { MessageChannel, MessageParams, MessageStatus } from './outgoing-message.entity.js';

export interface MessageDraft {
  readonly recipientId: string;
  readonly template: TemplateName;
  readonly channel: MessageChannel;
  readonly params: MessageParams;
}

interface SourceRow {
  readonly id: string;
  readonly recipient_id: string;
  readonly channel: string;
  readonly status: MessageStatus;
  readonly inserted: boolean;
}

/** Per draft: recipient, template, channel, kind, params (`$1` is the source). */
const COLUMNS = 5;
const UNDELIVERED: readonly MessageStatus[] = ['pending', 'sending'];
const draftKey = (recipientId: string, channel: string): string => `${recipientId.toLowerCase()}|${channel}`;

/**
 * Inserts the drafts (one `VALUES` row each, in order, so a repeated (recipient, channel) keeps
 * the first as before) and, in the same statement, lists every message the source already had.
 */
function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const p = (c: number) => `$${r * COLUMNS + c + 2}`;
    return `($1::uuid, ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}::jsonb, 'pending')`;
  }).join(', ');
  return `WITH ins AS (
      INSERT INTO outgoing_messages (source_event_id, recipient_id, template, channel, kind, params, status)
      VALUES ${values}
      ON CONFLICT DO NOTHING
      RETURNING id, recipient_id, channel, status
    )
    SELECT id, recipient_id, channel, status, true AS inserted FROM ins
    UNION ALL
    SELECT id, recipient_id, channel, status, false FROM outgoing_messages WHERE source_event_id = $1`;
}

/** Records outgoing messages once per (source, recipient, channel) and queues their delivery. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: NotificationJobs,
  ) {}

  /**
   * Returns how many messages are new. A repeated source (a duplicate event) inserts nothing,
   * but still (re)queues any of its messages not yet delivered: a crash may have come between
   * the insert and the queueing, and a job id already queued is not added twice.
   */
  async queue(sourceId: string, drafts: readonly MessageDraft[]): Promise<number> {
    if (!drafts.length) return 0;
    const params = [sourceId];
    for (const d of drafts)
      params.push(d.recipientId, d.template, d.channel, kindOf(d.template), JSON.stringify(d.params));
    const rows = await this.db.query<SourceRow[]>(insertSql(drafts.length), params);
    let pending = rows.filter((m) => UNDELIVERED.includes(m.status)).map((m) => m.id);
    // The statement sees the source's rows as they were when it began: a draft neither inserted
    // nor seen conflicted with a row a concurrent duplicate committed meanwhile. Read again then.
    const seen = new Set(rows.map((m) => draftKey(m.recipient_id, m.channel)));
    if (drafts.some((d) => !seen.has(draftKey(d.recipientId, d.channel))))
      pending = (
        await this.db.query<{ id: string }[]>(
          `SELECT id FROM outgoing_messages WHERE source_event_id = $1 AND status IN ('pending', 'sending')`,
          [sourceId],
        )
      ).map((m) => m.id);
    await this.jobs.deliver(pending);
    return rows.filter((m) => m.inserted).length;
  }
}
