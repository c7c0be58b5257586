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
  ExportSubjectPayload,
  SubjectExport,
  RectifySubjectPayload,
  RectificationReceipt,
  RestrictSubjectPayload,
  RestrictionReceipt,
} from './privacy.messages.js';
import type {
  DecideRequestPayload,
  ExtendRequestPayload,
  GetExportPayload,
  LiftRestrictionPayload,
  ListRequestsPayload,
  OneTimeLinkContent,
  OneTimeLinkPurpose,
  OpenLinkPayload,
  OutcomeWithheldItem,
  RequesterContact,
  StaffExportPayload,
  RejectRequestPayload,
  RequestExecutedPayload,
  RestrictionLiftCompletedPayload,
  RestrictionLifted,
  StaffCreateRequestPayload,
  StaffRequestPayload,
  StaffRequestView,
  SubjectExportDocument,
  SubjectVerifyPayload,
  SubjectVerifyResult,
  SweepResult,
  VerificationCodeIssued,
  VerifyRequestPayload,
} from './privacy-requests.messages.js';
import type {
  AuditEntryView,
  ConsentPurpose,
  ConsentsView,
  CookieConsentView,
  DisclosureView,
  GetConsentsPayload,
  GetNoticePayload,
  ListAuditPayload,
  ListDisclosuresPayload,
  PrivacyNotice,
  RecordAuditPayload,
  RecordCookieConsentPayload,
  RecordDisclosurePayload,
  SetConsentsPayload,
} from './privacy-ledger.messages.js';

/** Messages the privacy service handles. Names are frozen once in use. */
export interface PrivacyMessages {
  'privacy.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'privacy.create-request': Message<CreatePrivacyRequestPayload, PrivacyRequestView>;
  'privacy.get-request': Message<GetPrivacyRequestPayload, PrivacyRequestView>;
  'privacy.erasure-completed': Message<ErasureCompletedPayload, PrivacyRequestView>;
  /** The flow's parent for access, portability, rectification and restriction. */
  'privacy.request-executed': Message<RequestExecutedPayload, PrivacyRequestView>;
  'privacy.export-subject': Message<ExportSubjectPayload, SubjectExport>;
  'privacy.rectify-subject': Message<RectifySubjectPayload, RectificationReceipt>;
  'privacy.restrict-subject': Message<RestrictSubjectPayload, RestrictionReceipt>;
  /** The subject downloads their export while it has not expired. */
  'privacy.get-export': Message<GetExportPayload, SubjectExportDocument>;
  /** The subject verifies a request entered by staff with the code sent to them. */
  'privacy.verify-by-code': Message<SubjectVerifyPayload, SubjectVerifyResult>;
  // DPO (staff) handling; every call is audited.
  'privacy.staff-create-request': Message<StaffCreateRequestPayload, StaffRequestView>;
  'privacy.list-requests': Message<ListRequestsPayload, readonly StaffRequestView[]>;
  'privacy.staff-get-request': Message<StaffRequestPayload, StaffRequestView>;
  'privacy.issue-verification-code': Message<StaffRequestPayload, VerificationCodeIssued>;
  'privacy.verify-request': Message<VerifyRequestPayload, StaffRequestView>;
  'privacy.approve-request': Message<DecideRequestPayload, StaffRequestView>;
  'privacy.reject-request': Message<RejectRequestPayload, StaffRequestView>;
  'privacy.extend-request': Message<ExtendRequestPayload, StaffRequestView>;
  /** A failed request is executed again. */
  'privacy.retry-request': Message<StaffRequestPayload, StaffRequestView>;
  /** Opens a one-time link once: an erasure's receipts, or an export, without signing in. */
  'privacy.open-link': Message<OpenLinkPayload, OneTimeLinkContent>;
  /** Staff download an export to post it (audited). */
  'privacy.staff-get-export': Message<StaffExportPayload, SubjectExportDocument>;
  'privacy.lift-restriction': Message<LiftRestrictionPayload, RestrictionLifted>;
  /** The parent of a lift's flow (one step per service, each after the subject's notice). */
  'privacy.restriction-lift-completed': Message<
    RestrictionLiftCompletedPayload,
    RestrictionLiftCompletedPayload
  >;
  // Consent ledger, disclosure register (Art. 19), audit log, notice.
  'privacy.record-cookie-consent': Message<RecordCookieConsentPayload, CookieConsentView>;
  'privacy.get-consents': Message<GetConsentsPayload, ConsentsView>;
  'privacy.set-consents': Message<SetConsentsPayload, ConsentsView>;
  'privacy.record-disclosure': Message<RecordDisclosurePayload, DisclosureView>;
  'privacy.list-disclosures': Message<ListDisclosuresPayload, readonly DisclosureView[]>;
  'privacy.record-audit': Message<RecordAuditPayload, { readonly id: string }>;
  'privacy.list-audit': Message<ListAuditPayload, readonly AuditEntryView[]>;
  'privacy.get-notice': Message<GetNoticePayload, PrivacyNotice>;
  /** Repeatable jobs: re-drive stuck requests; delete expired exports and old request records. */
  'privacy.watchdog-sweep': Message<Record<string, never>, SweepResult>;
  'privacy.retention-sweep': Message<Record<string, never>, SweepResult>;
}

export const PRIVACY_ROUTES: Readonly<Record<keyof PrivacyMessages, 'privacy'>> = {
  'privacy.erase-subject': 'privacy',
  'privacy.create-request': 'privacy',
  'privacy.get-request': 'privacy',
  'privacy.erasure-completed': 'privacy',
  'privacy.request-executed': 'privacy',
  'privacy.export-subject': 'privacy',
  'privacy.rectify-subject': 'privacy',
  'privacy.restrict-subject': 'privacy',
  'privacy.get-export': 'privacy',
  'privacy.verify-by-code': 'privacy',
  'privacy.staff-create-request': 'privacy',
  'privacy.list-requests': 'privacy',
  'privacy.staff-get-request': 'privacy',
  'privacy.issue-verification-code': 'privacy',
  'privacy.verify-request': 'privacy',
  'privacy.approve-request': 'privacy',
  'privacy.reject-request': 'privacy',
  'privacy.extend-request': 'privacy',
  'privacy.retry-request': 'privacy',
  'privacy.open-link': 'privacy',
  'privacy.staff-get-export': 'privacy',
  'privacy.lift-restriction': 'privacy',
  'privacy.restriction-lift-completed': 'privacy',
  'privacy.record-cookie-consent': 'privacy',
  'privacy.get-consents': 'privacy',
  'privacy.set-consents': 'privacy',
  'privacy.record-disclosure': 'privacy',
  'privacy.list-disclosures': 'privacy',
  'privacy.record-audit': 'privacy',
  'privacy.list-audit': 'privacy',
  'privacy.get-notice': 'privacy',
  'privacy.watchdog-sweep': 'privacy',
  'privacy.retention-sweep': 'privacy',
};

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

/**
 * A request changed state, or its due date or reason did; the subject is told (receipt,
 * extension, outcome). One event per change, however many steps it took (a signed-in erasure
 * goes from received to in progress at once).
 */
export interface PrivacyRequestStatusChangedEvent {
  readonly requestId: string;
  readonly subjectId: string | null;
  readonly type: RequestType;
  /** The status it is in after the change. */
  readonly status: RequestStatus;
  /**
   * The statuses it entered with this change, in order; empty when only its due date or
   * reason changed (an extension). Events written before this field existed lack it: then
   * `status` is the one status entered.
   */
  readonly entered: readonly RequestStatus[];
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

/**
 * A one-time code was issued for verifying a request entered by staff: the notifications
 * service sends it to the subject's address on file. The code is a 10-minute, 3-attempt
 * credential, not personal data; the privacy service keeps only its hash.
 */
export interface VerificationCodeIssuedEvent {
  readonly requestId: string;
  readonly subjectId: string;
  readonly code: string;
  readonly expiresAt: string;
  readonly occurredAt: string;
}

/**
 * A one-time link was issued (an erasure's receipts, or an export for a requester without an
 * account): the notifications service sends it. The token is a credential: the privacy service
 * keeps only its hash and the outbox row is sealed. An erasure's carries what was withheld.
 */
export interface OneTimeLinkIssuedEvent {
  readonly requestId: string;
  readonly type: RequestType;
  readonly purpose: OneTimeLinkPurpose;
  /** Written to through the address on file (null: none, or erased). */
  readonly subjectId: string | null;
  /** The address the requester gave in their letter, when they gave one. */
  readonly contact: RequesterContact | null;
  readonly token: string;
  readonly expiresAt: string;
  /** receipts: every withheld item, its legal ground and until when it is kept. */
  readonly withheld: readonly OutcomeWithheldItem[];
  readonly occurredAt: string;
}

/** Events the privacy service emits (through its outbox). */
export interface PrivacyEvents {
  'consent.changed': ConsentChangedEvent;
  'subject.restriction-changed': SubjectRestrictionChangedEvent;
  'subject.marketing-objected': MarketingObjectedEvent;
  'privacy-request.status-changed': PrivacyRequestStatusChangedEvent;
  'privacy-export.ready': PrivacyExportReadyEvent;
  'privacy-request.verification-code-issued': VerificationCodeIssuedEvent;
  'privacy-request.link-issued': OneTimeLinkIssuedEvent;
}

/** Events the privacy service subscribes to. */
export const PRIVACY_SUBSCRIPTIONS = [
  // Staff access to a customer's record, for the audit log.
  'customer.staff-accessed',
  /** An unsubscribe link followed: recorded in the consent ledger as an objection to marketing. */
  'marketing.unsubscribed',
] as const;
