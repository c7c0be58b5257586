import type { Message } from '../message.js';
import type {
  ErasureReceipt,
  EraseSubjectPayload,
  ExportSubjectPayload,
  SubjectExport,
} from '../privacy/privacy.messages.js';
import type {
  DeliverMessagePayload,
  MarketingUnsubscribedEvent,
  PurgeExpiredMessagesPayload,
  PurgeExpiredMessagesResult,
  DeliverMessageResult,
  NotifyRestrictionLiftPayload,
  NotifyRestrictionLiftResult,
  SealErasureContactPayload,
  SealErasureContactResult,
  SendMarketingPayload,
  SendMarketingResult,
  SendReminderPayload,
  SendReminderResult,
  UnsubscribePayload,
  UnsubscribeResult,
} from './notifications.messages.js';

/** Messages the notifications service handles. Names are frozen once in use. */
export interface NotificationsMessages {
  'notifications.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'notifications.export-subject': Message<ExportSubjectPayload, SubjectExport>;
  /** An erasure flow's step that the customers service's erasure waits for. */
  'notifications.seal-erasure-contact': Message<SealErasureContactPayload, SealErasureContactResult>;
  /** A restriction's lift: sends the subject the notice, completing once it is sent (Art. 18(3)). */
  'notifications.notify-restriction-lift': Message<NotifyRestrictionLiftPayload, NotifyRestrictionLiftResult>;
  /** Staff-triggered marketing; enforces consent, objection, restriction and the suppression list. */
  'notifications.send-marketing': Message<SendMarketingPayload, SendMarketingResult>;
  /**
   * The unsubscribe link (public): an objection to direct marketing, at once; VALIDATION_FAILED
   * (reason INVALID_UNSUBSCRIBE_LINK) for a forged or malformed link.
   */
  'notifications.unsubscribe': Message<UnsubscribePayload, UnsubscribeResult>;
  /** Internal: the service's own delivery jobs (retried with backoff). */
  'notifications.deliver': Message<DeliverMessagePayload, DeliverMessageResult>;
  /** Internal: the delayed job of a visit reminder (job id `reminder-<orderId>`). */
  'notifications.send-reminder': Message<SendReminderPayload, SendReminderResult>;
  /** Internal: the daily retention job. */
  'notifications.purge-expired': Message<PurgeExpiredMessagesPayload, PurgeExpiredMessagesResult>;
}

export const NOTIFICATIONS_ROUTES: Readonly<Record<keyof NotificationsMessages, 'notifications'>> = {
  'notifications.erase-subject': 'notifications',
  'notifications.export-subject': 'notifications',
  'notifications.seal-erasure-contact': 'notifications',
  'notifications.notify-restriction-lift': 'notifications',
  'notifications.send-marketing': 'notifications',
  'notifications.unsubscribe': 'notifications',
  'notifications.deliver': 'notifications',
  'notifications.send-reminder': 'notifications',
  'notifications.purge-expired': 'notifications',
};

/** Events the notifications service emits (through its outbox). They carry ids, not personal data. */
export interface NotificationsEvents {
  'marketing.unsubscribed': MarketingUnsubscribedEvent;
}

/** Events the notifications service subscribes to; each needs exactly one @HandleEvent handler. */
export const NOTIFICATIONS_SUBSCRIPTIONS = [
  'customer.registered',
  'order.placed',
  'order.offered',
  'order.assigned',
  'order.released',
  'order.rescheduled',
  'order.cancelled',
  'order.completed',
  'series.created',
  'consent.changed',
  'subject.restriction-changed',
  'subject.marketing-objected',
  'privacy-request.status-changed',
  'privacy-export.ready',
  'privacy-request.verification-code-issued',
  'privacy-request.link-issued',
] as const;
