import type { Message } from '../message.js';
import type {
  CreatePrivacyRequestPayload,
  ErasureCompletedPayload,
  ErasureReceipt,
  EraseSubjectPayload,
  GetPrivacyRequestPayload,
  PrivacyRequestView,
  RequestStatus,
  RequestType,
} from './privacy.messages.js';

/** Messages the privacy service handles. Names are frozen once in use. */
export interface PrivacyMessages {
  'privacy.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'privacy.create-request': Message<CreatePrivacyRequestPayload, PrivacyRequestView>;
  'privacy.get-request': Message<GetPrivacyRequestPayload, PrivacyRequestView>;
  'privacy.erasure-completed': Message<ErasureCompletedPayload, PrivacyRequestView>;
}

export const PRIVACY_ROUTES: Readonly<Record<keyof PrivacyMessages, 'privacy'>> = {
  'privacy.erase-subject': 'privacy',
  'privacy.create-request': 'privacy',
  'privacy.get-request': 'privacy',
  'privacy.erasure-completed': 'privacy',
};

export type ConsentPurpose = 'marketing' | 'third_party_disclosure';

export interface ConsentChangedEvent {
  readonly subjectId: string;
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly occurredAt: string;
}

/** Art. 18: while restricted, data is only stored — not offered, marketed or edited. */
export interface SubjectRestrictionChangedEvent {
  readonly subjectId: string;
  readonly restricted: boolean;
  readonly requestId: string | null;
  readonly occurredAt: string;
}

/** Art. 21: an objection to direct marketing; it outlives erasure as a suppression entry. */
export interface MarketingObjectedEvent {
  readonly subjectId: string;
  readonly requestId: string | null;
  readonly occurredAt: string;
}

/** A request changed state; the subject is told (receipt, extension, outcome). */
export interface PrivacyRequestStatusChangedEvent {
  readonly requestId: string;
  readonly subjectId: string | null;
  readonly type: RequestType;
  readonly status: RequestStatus;
  readonly dueAt: string;
  /** Why it was rejected or extended; never personal data. */
  readonly reason: string | null;
  readonly occurredAt: string;
}

export interface PrivacyExportReadyEvent {
  readonly requestId: string;
  readonly subjectId: string;
  readonly expiresAt: string;
  readonly occurredAt: string;
}

/** Events the privacy service emits (through its outbox). */
export interface PrivacyEvents {
  'consent.changed': ConsentChangedEvent;
  'subject.restriction-changed': SubjectRestrictionChangedEvent;
  'subject.marketing-objected': MarketingObjectedEvent;
  'privacy-request.status-changed': PrivacyRequestStatusChangedEvent;
  'privacy-export.ready': PrivacyExportReadyEvent;
}

/** Events the privacy service subscribes to. */
export const PRIVACY_SUBSCRIPTIONS = [] as const;
