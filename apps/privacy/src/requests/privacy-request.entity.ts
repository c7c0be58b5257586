import type { RectificationFields, RequestStatus, RequestType } from '@offera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SqlColumn } from '../sql.js';

export type Verification = 'signed_in_session' | 'id_document' | 'one_time_code';

/** A data-subject request. Once executed it keeps only a keyed pseudonym of the subject. */
@Entity({ name: 'requests' })
export class PrivacyRequestEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: RequestType;

  @Column({ type: 'text' })
  status: RequestStatus;

  /** Cleared when the subject is erased. */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  /** HMAC of the subject id: lets the subject (and the DPO) find the request after erasure. */
  @Column({ name: 'subject_ref', type: 'text' })
  subjectRef: string;

  /** 'subject', or the staff account that entered it. */
  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ type: 'text' })
  verification: Verification;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Until when the (pseudonymised) record is kept. */
  @Column({ name: 'retain_until', type: 'date' })
  retainUntil: string;

  /** A request about cookie data: the cookie id the subject supplied. */
  @Column({ name: 'cookie_id', type: 'text', nullable: true })
  cookieId: string | null;

  /** More requests than the configured count per period: the DPO decides. */
  @Column({ name: 'possibly_excessive', type: 'boolean', default: false })
  possiblyExcessive: boolean;

  @Column({ name: 'extension_months', type: 'integer', default: 0 })
  extensionMonths: number;

  @Column({ name: 'extension_reason', type: 'text', nullable: true })
  extensionReason: string | null;

  /** Why it was rejected (or approved with a note). */
  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** Rectification: the corrected values; cleared once executed or erased. */
  @Column({ type: 'jsonb', nullable: true })
  rectification: RectificationFields | null;

  /** Times the watchdog has re-driven it. */
  @Column({ type: 'integer', default: 0 })
  redrives: number;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;
}

/** The columns of `requests`, for a request inserted within a larger statement (`insertRows`). */
export const REQUEST_COLUMNS: readonly SqlColumn[] = [
  ['id', 'uuid'],
  ['type', 'text'],
  ['status', 'text'],
  ['subject_id', 'uuid'],
  ['subject_ref', 'text'],
  ['requested_by', 'text'],
  ['verification', 'text'],
  ['received_at', 'timestamptz'],
  ['due_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['retain_until', 'date'],
  ['cookie_id', 'text'],
  ['possibly_excessive', 'boolean'],
  ['extension_months', 'integer'],
  ['extension_reason', 'text'],
  ['decision_reason', 'text'],
  ['rectification', 'jsonb'],
  ['redrives', 'integer'],
  ['status_changed_at', 'timestamptz'],
];

/** A request's values in `REQUEST_COLUMNS` order. */
export const requestRow = (r: PrivacyRequestEntity): unknown[] => [
  r.id,
  r.type,
  r.status,
  r.subjectId,
  r.subjectRef,
  r.requestedBy,
  r.verification,
  r.receivedAt,
  r.dueAt,
  r.completedAt,
  r.retainUntil,
  r.cookieId,
  r.possiblyExcessive,
  r.extensionMonths,
  r.extensionReason,
  r.decisionReason,
  r.rectification === null ? null : JSON.stringify(r.rectification),
  r.redrives,
  r.statusChangedAt,
];
