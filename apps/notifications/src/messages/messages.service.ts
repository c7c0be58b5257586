import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { NotificationJobs } from '../delivery/notification-jobs.js';
import { kindOf, type TemplateName } from '../templates/templates.js';
import { type MessageChannel, type MessageParams, OutgoingMessageEntity } from './outgoing-message.entity.js';

export interface MessageDraft {
  readonly recipientId: string;
  readonly template: TemplateName;
  readonly channel: MessageChannel;
  readonly params: MessageParams;
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
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(OutgoingMessageEntity)
      .values(
        drafts.map((d) => ({
          sourceEventId: sourceId,
          recipientId: d.recipientId,
          template: d.template,
          channel: d.channel,
          kind: kindOf(d.template),
          params: d.params,
          status: 'pending' as const,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    const pending = await this.db.getRepository(OutgoingMessageEntity).find({
      where: { sourceEventId: sourceId, status: In(['pending', 'sending']) },
      select: { id: true },
    });
    await this.jobs.deliver(pending.map((m) => m.id));
    return (inserted.raw as unknown[]).length;
  }
}
