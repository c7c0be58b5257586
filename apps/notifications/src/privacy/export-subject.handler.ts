import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, SubjectExport } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource, In } from 'typeorm';
import { DeliveryAttemptEntity } from '../delivery/delivery-attempt.entity.js';
import { MarketingPreferenceEntity } from '../marketing/marketing-preference.entity.js';
import { OutgoingMessageEntity } from '../messages/outgoing-message.entity.js';
import { ReminderEntity } from '../reminders/reminder.entity.js';
import { RequestNoticeEntity } from './request-notice.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Access/portability: the messages sent to the subject, their delivery, reminders and marketing permissions. */
@Controller()
export class ExportSubjectHandler {
  constructor(private readonly db: DataSource) {}

  @HandleMessage('notifications.export-subject')
  async export(@Payload() p: MessagePayload<'notifications.export-subject'>): Promise<SubjectExport> {
    // Art. 20: messages, their delivery and reminders are the service's own record, not data
    // the subject provided; their marketing choice is in the privacy service's consent ledger.
    if (p.purpose === 'portability') return { service: 'notifications', data: {} };
    const messages = await this.db
      .getRepository(OutgoingMessageEntity)
      .find({ where: { recipientId: p.subjectId }, order: { createdAt: 'ASC' } });
    const attempts = messages.length
      ? await this.db
          .getRepository(DeliveryAttemptEntity)
          .find({ where: { messageId: In(messages.map((m) => m.id)) }, order: { createdAt: 'ASC' } })
      : [];
    const reminders = await this.db.getRepository(ReminderEntity).findBy({ customerId: p.subjectId });
    const preferences = await this.db
      .getRepository(MarketingPreferenceEntity)
      .findBy({ subjectId: p.subjectId });
    const notices = await this.db.getRepository(RequestNoticeEntity).findBy({ subjectId: p.subjectId });
    return {
      service: 'notifications',
      data: {
        messages: messages.map((m) => ({
          id: m.id,
          template: m.template,
          channel: m.channel,
          kind: m.kind,
          status: m.status,
          attempts: m.attempts,
          createdAt: iso(m.createdAt),
          sentAt: iso(m.sentAt),
          // Ids, times and amounts only; a one-time code is never exported.
          params: Object.fromEntries(Object.entries(m.params).filter(([k]) => k !== 'sealedCode')),
        })),
        deliveryAttempts: attempts.map((a) => ({
          messageId: a.messageId,
          attempt: a.attempt,
          outcome: a.outcome,
          code: a.code,
          at: iso(a.createdAt),
        })),
        reminders: reminders.map((r) => ({
          orderId: r.orderId,
          startsAt: iso(r.startsAt),
          dueAt: iso(r.dueAt),
          status: r.status,
        })),
        marketingPreferences: preferences.map((m) => ({
          consent: m.consent,
          consentChangedAt: iso(m.consentChangedAt),
          restricted: m.restricted,
          objectedAt: iso(m.objectedAt),
        })),
        privacyRequestNotices: notices.map((n) => ({
          requestId: n.requestId,
          type: n.type,
          dueAt: iso(n.dueAt),
        })),
      },
    };
  }
}
