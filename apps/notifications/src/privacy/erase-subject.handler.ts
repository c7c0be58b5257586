import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload, WithheldItem } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource, In, Not } from 'typeorm';
import { DeliveryAttemptEntity } from '../delivery/delivery-attempt.entity.js';
import { deliveryJobId, NotificationJobs, reminderJobId } from '../delivery/notification-jobs.js';
import { MarketingPreferenceEntity } from '../marketing/marketing-preference.entity.js';
import { OutgoingMessageEntity } from '../messages/outgoing-message.entity.js';
import { ReminderEntity } from '../reminders/reminder.entity.js';
import { RequestNoticeEntity } from './request-notice.entity.js';
import { RequestNoticesService } from './request-notices.service.js';

/**
 * Erases everything the service holds about the subject in one transaction — messages and
 * their attempts, reminders, the marketing projection, request notices — and removes their
 * queued, delayed or failed jobs from Redis. A retry erases nothing more. What stays: the
 * suppression entry (a keyed hash, no readable address), and the sealed snapshot the running
 * erasure's outcome notice is sent from, deleted as soon as that is sent.
 */
@Controller()
export class EraseSubjectHandler {
  private readonly log = new Logger('EraseSubject');

  constructor(
    private readonly db: DataSource,
    private readonly jobs: NotificationJobs,
    private readonly notices: RequestNoticesService,
  ) {}

  @HandleMessage('notifications.erase-subject')
  async erase(@Payload() p: MessagePayload<'notifications.erase-subject'>): Promise<ErasureReceipt> {
    // The request's first status event normally sealed the contact for the outcome notice;
    // if this step overtook that event, seal it now while the customers service may still have it.
    if (!(await this.notices.find(p.requestId)))
      await this.notices
        .remember(p.requestId, p.subjectId, 'erasure', new Date(Date.now() + 30 * 24 * 3600 * 1000))
        .catch(() => this.log.warn('Could not seal the contact for the erasure outcome notice'));
    let busy: string[] = [];
    const receipt = await this.db.transaction(async (tx): Promise<ErasureReceipt> => {
      const messages = await tx
        .getRepository(OutgoingMessageEntity)
        .find({ where: { recipientId: p.subjectId }, select: { id: true } });
      const ids = messages.map((m) => m.id);
      const reminders = await tx
        .getRepository(ReminderEntity)
        .find({ where: { customerId: p.subjectId }, select: { orderId: true } });
      // Jobs first: if Redis fails, the transaction rolls back and the retry finds them again.
      busy = await this.jobs.removeJobs([
        ...ids.map(deliveryJobId),
        ...reminders.map((r) => reminderJobId(r.orderId)),
      ]);
      const attempts = ids.length
        ? await tx.getRepository(DeliveryAttemptEntity).countBy({ messageId: In(ids) })
        : 0;
      const deletedMessages = await tx
        .getRepository(OutgoingMessageEntity)
        .delete({ recipientId: p.subjectId });
      // Other people's messages may name the subject as their provider: drop that link.
      const [, scrubbed] = await tx.query<[unknown, number]>(
        `UPDATE outgoing_messages SET params = params - 'providerId' WHERE params->>'providerId' = $1`,
        [p.subjectId],
      );
      const deletedReminders = await tx.getRepository(ReminderEntity).delete({ customerId: p.subjectId });
      const preferences = await tx
        .getRepository(MarketingPreferenceEntity)
        .delete({ subjectId: p.subjectId });
      const notices = await tx
        .getRepository(RequestNoticeEntity)
        .delete({ subjectId: p.subjectId, requestId: Not(p.requestId) });
      const kept = await tx.getRepository(RequestNoticeEntity).findOneBy({ requestId: p.requestId });
      const withheld: WithheldItem[] = kept?.sealedContact
        ? [
            {
              category: 'contact details for the erasure outcome notice (encrypted)',
              basis:
                'GDPR Art. 12(3): informing the subject of the action taken; deleted once the notice is sent',
              until: kept.dueAt.toISOString().slice(0, 10),
              count: 1,
            },
          ]
        : [];
      return {
        service: 'notifications',
        erased: {
          outgoing_messages: deletedMessages.affected ?? 0,
          delivery_attempts: attempts,
          provider_references: scrubbed,
          reminders: deletedReminders.affected ?? 0,
          marketing_preferences: preferences.affected ?? 0,
          request_notices: notices.affected ?? 0,
        },
        withheld,
      };
    });
    // A job running during the erasure finds nothing once it ends; remove it then, too.
    if (busy.length && (await this.jobs.removeWhenIdle(busy)).length)
      this.log.warn('A job of an erased subject was still running; it will find nothing to send');
    return receipt;
  }
}
