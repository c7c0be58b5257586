import type { QueueName } from '../queues.js';

export const REQUEST_TYPES = [
  'access',
  'portability',
  'rectification',
  'erasure',
  'restriction',
  'objection',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = [
  'received',
  'verified',
  'approved',
  'rejected',
  'in_progress',
  'completed',
  'failed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface CreatePrivacyRequestPayload {
  readonly subjectId: string;
  readonly type: RequestType;
  /** Who entered it: the subject themself, or a staff member's account id. */
  readonly requestedBy: { readonly kind: 'subject' } | { readonly kind: 'staff'; readonly accountId: string };
  readonly verification: 'signed_in_session' | 'id_document' | 'one_time_code';
  /** A request about cookie data: the cookie id the subject supplied. */
  readonly cookieId?: string;
  /** Rectification: the corrected values. */
  readonly fields?: {
    readonly firstName?: string;
    readonly lastName?: string;
    readonly email?: string;
    readonly phone?: string;
  };
  /** From the client's Idempotency-Key: the same key makes the same request, once. */
  readonly requestKey?: string;
}

export interface GetPrivacyRequestPayload {
  readonly requestId: string;
  /** The caller; a subject may read only their own requests. */
  readonly subjectId: string;
}

/** What one service did for an erasure; no personal data. */
export interface ErasureReceipt {
  readonly service: QueueName;
  readonly erased: Readonly<Record<string, number>>;
  readonly withheld: readonly WithheldItem[];
}

export interface WithheldItem {
  readonly category: string;
  readonly basis: string;
  /** ISO date until which it is kept. */
  readonly until: string;
  readonly count?: number;
}

export interface PrivacyRequestView {
  readonly id: string;
  readonly type: RequestType;
  readonly status: RequestStatus;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly completedAt: string | null;
  /** Erasure: what each service erased and withheld; other types: the step's `outcome`. */
  readonly receipts: readonly (ErasureReceipt & { readonly outcome?: Readonly<Record<string, unknown>> })[];
  /** Flagged for a DPO decision: more requests than the configured count per period. */
  readonly possiblyExcessive?: boolean;
  /** Why it was rejected; with `complaintAuthority`, where the subject may complain. */
  readonly decisionReason?: string | null;
  readonly complaintAuthority?: { readonly name: string; readonly url: string } | null;
  readonly extensionMonths?: number;
  readonly extensionReason?: string | null;
  /** Access/portability: until when the export can be downloaded. */
  readonly exportExpiresAt?: string | null;
}

/** Sent to each service as one child of the erasure flow. */
export interface EraseSubjectPayload {
  readonly requestId: string;
  readonly subjectId: string;
}

/** The flow's parent: runs in the privacy service once every child has answered. */
export interface ErasureCompletedPayload {
  readonly requestId: string;
}

/** Access/portability: each service's part of the subject's data. */
export interface ExportSubjectPayload {
  readonly requestId: string;
  readonly subjectId: string;
  /** True for the copy the subject downloads; false for any other use (e.g. staff review). */
  readonly forSubject: boolean;
  /**
   * `portability` (Art. 20): only what the subject provided and that is processed on contract
   * or consent, without what the service derived or others added. Absent: `access`, everything.
   */
  readonly purpose?: ExportPurpose;
}

export type ExportPurpose = 'access' | 'portability';

export interface SubjectExport {
  readonly service: QueueName;
  /** Table or category → its records. */
  readonly data: Record<string, unknown[]>;
}

/** Art. 16: corrected values for the subject's record. */
export interface RectifySubjectPayload {
  readonly requestId: string;
  readonly subjectId: string;
  readonly fields: {
    readonly firstName?: string;
    readonly lastName?: string;
    readonly email?: string;
    readonly phone?: string;
  };
}

export interface RectificationReceipt {
  readonly service: QueueName;
  /** Table → rows changed. */
  readonly rectified: Record<string, number>;
}

/** Art. 18: set or lift the restriction of processing. */
export interface RestrictSubjectPayload {
  readonly requestId: string;
  readonly subjectId: string;
  readonly restricted: boolean;
}

export interface RestrictionReceipt {
  readonly service: QueueName;
  readonly applied: boolean;
}
