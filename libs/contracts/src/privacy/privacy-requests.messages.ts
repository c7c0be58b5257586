import type { QueueName } from '../queues.js';
import type { PrivacyRequestView, RequestStatus, RequestType, WithheldItem } from './privacy.messages.js';

/** How the subject's identity was verified for a request entered by staff. */
export const STAFF_VERIFICATIONS = ['id_document', 'one_time_code'] as const;
export type StaffVerification = (typeof STAFF_VERIFICATIONS)[number];

/** Corrected values a rectification request asks for (Art. 16). */
export interface RectificationFields {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** The Data Protection Ombudsman, whom a rejected subject may complain to (GDPR Art. 77). */
export const COMPLAINT_AUTHORITY = {
  name: 'Tietosuojavaltuutetun toimisto (Data Protection Ombudsman)',
  url: 'https://tietosuoja.fi',
} as const;

/** An Art. 19 notice owed to a recipient the subject's data was disclosed to. */
export interface RecipientNotificationView {
  readonly disclosureId: string;
  readonly recipientKind: string;
  readonly recipientName: string;
  readonly action: 'rectification' | 'erasure' | 'restriction';
  readonly createdAt: string;
}

/** What the DPO sees of a request. No personal data beyond the subject id. */
export interface StaffRequestView {
  readonly id: string;
  readonly type: RequestType;
  readonly status: RequestStatus;
  readonly subjectId: string | null;
  readonly cookieId: string | null;
  readonly requestedBy: string;
  readonly verification: string;
  readonly possiblyExcessive: boolean;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly extensionMonths: number;
  readonly extensionReason: string | null;
  readonly decisionReason: string | null;
  readonly completedAt: string | null;
  readonly daysToDue: number;
  readonly transitions: readonly {
    readonly from: RequestStatus | null;
    readonly to: RequestStatus;
    readonly actor: string;
    readonly note: string | null;
    readonly at: string;
  }[];
  readonly recipientNotifications: readonly RecipientNotificationView[];
  /** Every service's receipt (erased counts per table, withheld items), in service order. */
  readonly receipts?: PrivacyRequestView['receipts'];
}

/** How a request entered by staff reached the controller. */
export const RECEIVED_VIA = ['letter', 'email', 'phone', 'in_person'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

export interface StaffCreateRequestPayload {
  readonly actorId: string;
  /** The staff member's role (operator or dpo), recorded in the audit log. */
  readonly actorRole?: string;
  /** How the request arrived, recorded in the audit log. */
  readonly receivedVia?: ReceivedVia;
  readonly type: RequestType;
  /** The customer the letter or email is about, when they are in the register. */
  readonly subjectId?: string;
  /** A request about cookie data: the cookie id the subject supplied. */
  readonly cookieId?: string;
  readonly verification: StaffVerification;
  readonly fields?: RectificationFields;
  /** Where to send the one-time link to the outcome (a requester without an account). */
  readonly contact?: RequesterContact;
  /** From the client's Idempotency-Key: the same key makes the same request, once. */
  readonly requestKey?: string;
}

export interface ListRequestsPayload {
  readonly actorId: string;
  readonly status?: RequestStatus;
  /** nearing: due within the configured days; overdue: past due and still open. */
  readonly due?: 'nearing' | 'overdue';
  readonly possiblyExcessive?: boolean;
  readonly limit?: number;
}

export interface StaffRequestPayload {
  readonly requestId: string;
  readonly actorId: string;
}

export interface VerifyRequestPayload extends StaffRequestPayload {
  readonly method: StaffVerification;
  /** For one_time_code: the code the subject received. */
  readonly code?: string;
}

export interface DecideRequestPayload extends StaffRequestPayload {
  readonly reason?: string;
}

export interface RejectRequestPayload extends StaffRequestPayload {
  readonly reason: string;
}

export interface ExtendRequestPayload extends StaffRequestPayload {
  /** Further months, 1 or 2 in total (Art. 12(3)). */
  readonly months: number;
  readonly reason: string;
}

export interface VerificationCodeIssued {
  readonly requestId: string;
  readonly expiresAt: string;
}

/** The subject proves who they are with the code sent to the address on file. */
export interface SubjectVerifyPayload {
  readonly requestId: string;
  readonly code: string;
}

export interface SubjectVerifyResult {
  readonly requestId: string;
  readonly status: RequestStatus;
}

/** The flow's parent for every type but erasure. */
export interface RequestExecutedPayload {
  readonly requestId: string;
}

export interface GetExportPayload {
  readonly requestId: string;
  readonly subjectId: string;
}

/** The Art. 15 document a subject downloads. */
export interface SubjectExportDocument {
  readonly requestId: string;
  readonly type: 'access' | 'portability';
  readonly generatedAt: string;
  readonly expiresAt: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly services: Readonly<Partial<Record<QueueName, Record<string, unknown[]>>>>;
}

export interface SweepResult {
  readonly counts: Readonly<Record<string, number>>;
}

/** Art. 18(3): the DPO lifts a restriction; the subject is told first through the event. */
export interface LiftRestrictionPayload {
  readonly actorId: string;
  readonly subjectId: string;
  readonly reason: string;
}

export interface RestrictionLifted {
  readonly subjectId: string;
  readonly restricted: false;
}

/** Where a requester without an account is to be written to (given in their letter or email). */
export interface RequesterContact {
  readonly email: string;
  readonly language: 'fi' | 'en';
}

/** What a one-time link opens. */
export const ONE_TIME_LINK_PURPOSES = ['receipts', 'export'] as const;
export type OneTimeLinkPurpose = (typeof ONE_TIME_LINK_PURPOSES)[number];

/** Someone opens a one-time link (public: the token is the credential). */
export interface OpenLinkPayload {
  readonly token: string;
}

/** An erasure's receipts, or an access/portability export, opened once through its link. */
export type OneTimeLinkContent =
  | { readonly purpose: 'receipts'; readonly request: PrivacyRequestView }
  | { readonly purpose: 'export'; readonly document: SubjectExportDocument };

/** Staff download an export to post it to a requester without an account (audited). */
export interface StaffExportPayload extends StaffRequestPayload {
  readonly actorRole: string;
  /** Why, e.g. "posted to the address in the letter". */
  readonly reason: string;
}

/** One withheld item of an erasure, with the service that holds it. */
export interface OutcomeWithheldItem extends WithheldItem {
  readonly service: string;
}

/** The parent of a restriction's lift flow: every service has lifted it. */
export interface RestrictionLiftCompletedPayload {
  readonly requestId: string;
  readonly liftId: string;
}
