/** A queued delivery of one outgoing message; carries only its id (the content is rendered at send time). */
/** An erasure's step before the customers service erases: the subject's address, sealed for the outcome notice. */
export interface SealErasureContactPayload {
  readonly requestId: string;
  readonly subjectId: string;
  /** The request's due date: the snapshot is purged some days after it at the latest. */
  readonly dueAt: string;
}

export interface SealErasureContactResult {
  /** False when the subject has no contact details to seal (no account, or erased already). */
  readonly sealed: boolean;
}

export interface DeliverMessagePayload {
  readonly messageId: string;
}

export interface DeliverMessageResult {
  readonly status: 'sent' | 'failed' | 'cancelled' | 'skipped';
}

/** A visit reminder, fired by a delayed job 24 h before the visit. */
export interface SendReminderPayload {
  readonly orderId: string;
}

export interface SendReminderResult {
  readonly queued: number;
}

/** A staff-triggered marketing send; only consenting, unrestricted, unsuppressed customers get it. */
export interface SendMarketingPayload {
  /** Sending one campaign again reaches nobody twice. */
  readonly campaignId: string;
  /** At most 1000; without it, everyone whose marketing consent the service has recorded. */
  readonly recipientIds?: readonly string[];
}

export interface SendMarketingResult {
  /** Messages newly queued for delivery. */
  readonly sent: number;
  /** Recipients without consent, objected, restricted, suppressed, unknown, or already sent this campaign. */
  readonly skipped: number;
}

/**
 * The unsubscribe link in a marketing message: its signed token, which names the subject only
 * to the notifications service. `confirm: false` only checks the link (the confirmation page).
 */
export interface UnsubscribePayload {
  readonly token: string;
  readonly confirm: boolean;
}

export interface UnsubscribeResult {
  /** Whether the subject is (now) unsubscribed; after a confirmed one, always true. */
  readonly unsubscribed: boolean;
}

/** Marketing consent withdrawn through an unsubscribe link: for the privacy service's consent ledger. */
export interface MarketingUnsubscribedEvent {
  readonly subjectId: string;
  readonly occurredAt: string;
}

/** Sent by a daily repeatable job: deletes messages and notices past their retention. */
export interface PurgeExpiredMessagesPayload {
  /** Overrides the configured retention (tests, manual runs). */
  readonly olderThanDays?: number;
}

export interface PurgeExpiredMessagesResult {
  readonly messages: number;
  readonly reminders: number;
  readonly requestNotices: number;
  /** Erasure receipts deleted: older than the DSR-record retention. */
  readonly erasureReceipts?: number;
}

/** Art. 18(3): a restriction's lift tells the subject first; every service's step waits for it. */
export interface NotifyRestrictionLiftPayload {
  readonly requestId: string;
  readonly subjectId: string;
  /** The lift (its flow's id): one notice per lift. */
  readonly liftId: string;
}

export interface NotifyRestrictionLiftResult {
  /** False when the notice could not be delivered (no address); the lift goes on. */
  readonly sent: boolean;
}
