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
  readonly receipts: readonly ErasureReceipt[];
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
