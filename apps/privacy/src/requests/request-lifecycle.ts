import { Injectable } from '@nestjs/common';
import { COMPLAINT_AUTHORITY, type EventPayload, type RequestStatus } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, auditRow } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { completionEventId } from './completion-event.js';
import { insertRows, type SqlColumn, SqlParams } from '../sql.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { type PrivacyRequestEntity, REQUEST_COLUMNS, requestRow } from './privacy-request.entity.js';

/** Columns a move sets in its guarded update besides the status. */
type Also = Partial<Pick<PrivacyRequestEntity, 'completedAt'>> & { readonly subjectId?: null };

/** Who moves a request: the subject, the system, or a staff account. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

export const SYSTEM: Actor = { id: 'system', role: 'system' };
export const SUBJECT: Actor = { id: 'subject', role: 'customer' };

/** One step of a move: to where, by whom, and the note (and the subject's reason) to record. */
export interface Step {
  readonly to: RequestStatus;
  readonly actor: Actor;
  readonly note?: string | null;
  readonly reason?: string | null;
  /** The message that asked for it: that message delivered again finds the step made. */
  readonly messageId?: string;
}

/**
 * Writes made in the statement of a move (e.g. a request's receipts with its completion): SQL
 * over the move's parameters, each to be written only if `when` (that the move happened) holds.
 */
export type Alongside = (params: SqlParams, when: string) => readonly string[];

/** One recorded step: a transition row and an audit entry (one event names all of a change's steps). */
interface Transition {
  readonly from: RequestStatus | null;
  readonly to: RequestStatus;
  readonly actor: Actor;
  readonly note: string | null;
  readonly reason: string | null;
  readonly action?: string;
  readonly messageId?: string | null;
}

/** received → verified → approved | rejected → in progress → completed | failed (retryable). */
const NEXT: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['verified', 'rejected'],
  verified: ['approved', 'rejected'],
  approved: ['in_progress'],
  rejected: [],
  in_progress: ['completed', 'failed'],
  completed: [],
  failed: ['in_progress'],
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'verified', 'approved', 'in_progress'];

/** The subject is always told where to complain when a request is rejected (GDPR Art. 12(4)). */
export const rejectionNotice = (reason: string): string =>
  `${reason} You have the right to lodge a complaint with the Data Protection Ombudsman ` +
  `(tietosuojavaltuutettu), ${COMPLAINT_AUTHORITY.url}.`;

const TRANSITION_COLUMNS: readonly SqlColumn[] = [
  ['request_id', 'uuid'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['actor', 'text'],
  ['note', 'text'],
  ['at', 'timestamptz'],
  ['message_id', 'text'],
];

/**
 * Every state change of a request, in the caller's transaction: the guarded status update,
 * an append-only transition row and an audit entry per step, and one
 * `privacy-request.status-changed` event, all in one statement however many steps.
 */
@Injectable()
export class RequestLifecycle {
  constructor(private readonly clock: Clock) {}

  canMove(from: RequestStatus, to: RequestStatus): boolean {
    return NEXT[from].includes(to);
  }

  /** Whether this message already moved the request (it is delivered again: answer, do not redo). */
  async madeBy(tx: EntityManager, requestId: string, messageId: string | undefined): Promise<boolean> {
    if (!messageId) return false;
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM request_transitions WHERE request_id = $1 AND message_id = $2 LIMIT 1',
      [requestId, messageId],
    );
    return rows.length > 0;
  }

  /**
   * A new request: inserted already at the end of `steps` (a signed-in subject's request is
   * verified, approved and started at once), with `received` and then every step recorded in order.
   */
  async open(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    actor: Actor,
    steps: readonly Step[] = [],
  ): Promise<void> {
    const transitions = [
      { from: null, to: 'received', actor, note: null, reason: null } as const,
      ...this.path('received', steps),
    ];
    const now = this.clock.now();
    request.status = transitions[transitions.length - 1].to;
    request.statusChangedAt = now;
    // The row and its ledgers in one statement.
    const params = new SqlParams();
    const target = `${insertRows('requests', REQUEST_COLUMNS, [requestRow(request)], params)} RETURNING id`;
    await this.record(tx, request, transitions, now, { target, params });
  }

  async move(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    to: RequestStatus,
    actor: Actor,
    options: {
      note?: string | null;
      reason?: string | null;
      /** Columns set in the same guarded update (e.g. `completedAt` with `completed`). */
      also?: Also;
      /** Other writes of the same statement, made only if `when` (the move happened) holds. */
      with?: Alongside;
      /** The message that asked for the move (see `madeBy`). */
      messageId?: string;
    } = {},
  ): Promise<void> {
    await this.moveAll(
      tx,
      request,
      [
        {
          to,
          actor,
          note: options.note,
          reason: options.reason,
          ...(options.messageId ? { messageId: options.messageId } : {}),
        },
      ],
      options.also,
      options.with,
    );
  }

  /**
   * Several moves in a row (e.g. verified → approved → in progress) with one guarded update:
   * every step is still checked before anything is written, and recorded with its own
   * transition row and audit entry, in order; one event names them all.
   */
  async moveAll(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    steps: readonly Step[],
    also: Also = {},
    alongside?: Alongside,
  ): Promise<void> {
    const from = request.status;
    const transitions = this.path(from, steps);
    if (!transitions.length) return;
    const to = transitions[transitions.length - 1].to;
    const now = this.clock.now();
    const params = new SqlParams();
    const completedAt =
      also.completedAt === undefined ? '' : `, completed_at = ${params.add(also.completedAt, 'timestamptz')}`;
    // An erasure's record loses the subject id when it completes (not before: see eraseSubject).
    const subject = also.subjectId === null ? ', subject_id = NULL' : '';
    const target =
      `UPDATE requests SET status = ${params.add(to, 'text')}, ` +
      `status_changed_at = ${params.add(now, 'timestamptz')}${completedAt}${subject} ` +
      `WHERE id = ${params.add(request.id, 'uuid')} AND status = ${params.add(from, 'text')} RETURNING id`;
    const moved = await this.record(tx, request, transitions, now, { target, params, alongside });
    if (!moved)
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `The request is no longer ${from}`);
    Object.assign(request, also);
    request.status = to;
    request.statusChangedAt = now;
  }

  /** Something the subject must be told without a state change (an extension). */
  async notify(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    actor: Actor,
    action: string,
    reason: string,
    messageId?: string,
  ): Promise<void> {
    const { status } = request;
    await this.record(
      tx,
      request,
      [{ from: status, to: status, actor, note: reason, reason, action, messageId: messageId ?? null }],
      this.clock.now(),
    );
  }

  /** The transitions of `steps` from `from`, each checked; throws before anything is written. */
  private path(from: RequestStatus, steps: readonly Step[]): Transition[] {
    let at = from;
    return steps.map((step) => {
      if (!this.canMove(at, step.to))
        throw new PrivacyError(
          PrivacyErrorReason.InvalidTransition,
          `A ${at} request cannot become ${step.to}`,
        );
      const t: Transition = {
        from: at,
        to: step.to,
        actor: step.actor,
        note: step.note ?? null,
        reason: step.reason ?? null,
        messageId: step.messageId ?? null,
      };
      at = step.to;
      return t;
    });
  }

  /**
   * Transition rows, audit entries and the event in one statement, with the request's insert or
   * guarded update when given (the rows are written only if it changed the request). Returns
   * false, writing nothing, when the guarded update found the request moved on.
   */
  private async record(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    transitions: readonly Transition[],
    now: Date,
    change?: { readonly target: string; readonly params: SqlParams; readonly alongside?: Alongside },
  ): Promise<boolean> {
    const params = change?.params ?? new SqlParams();
    const target = change?.target ?? `SELECT ${params.add(request.id, 'uuid')} AS id`;
    const when = 'EXISTS (SELECT 1 FROM target)';
    const steps = insertRows(
      'request_transitions',
      TRANSITION_COLUMNS,
      transitions.map((t) => [request.id, t.from, t.to, t.actor.id, t.note, now, t.messageId ?? null]),
      params,
      when,
    );
    const audit = insertRows(
      'audit_log',
      AUDIT_COLUMNS,
      transitions.map((t) =>
        auditRow(
          {
            actorId: t.actor.id,
            actorRole: t.actor.role,
            action: t.action ?? `request.${t.to}`,
            subjectRef: request.subjectRef,
            requestId: request.id,
            detail: { from: t.from, to: t.to, ...(t.note ? { note: t.note } : {}) },
          },
          now,
        ),
      ),
      params,
      when,
    );
    // One event for the whole change: the subject is told once, and one job per change crosses Redis.
    const last = transitions[transitions.length - 1];
    const announced = OutboxWriter.row('privacy-request.status-changed', {
      requestId: request.id,
      subjectId: request.subjectId,
      type: request.type,
      status: last.to,
      entered: transitions.filter((t) => t.from !== t.to).map((t) => t.to),
      dueAt: request.dueAt.toISOString(),
      reason: transitions.findLast((t) => t.reason !== null)?.reason ?? null,
      occurredAt: now.toISOString(),
    } satisfies EventPayload<'privacy-request.status-changed'>);
    // A completion keeps one id however often it is announced (see RequestReconciler).
    const event = last.to === 'completed' ? { ...announced, id: completionEventId(request.id) } : announced;
    // Once per row of `target`: only if the change was made.
    const announce = OutboxWriter.insertFrom(tx, 'target', event, (value, type) => params.add(value, type));
    const others = (change?.alongside?.(params, when) ?? []).map((sql, i) => `, w${i} AS (${sql})`);
    const [row] = await tx.query<{ changed: number }[]>(
      `WITH target AS (${target}), steps AS (${steps}), audit AS (${audit}), ` +
        `announce AS (${announce})${others.join('')} SELECT count(*)::int AS changed FROM target`,
      params.values,
    );
    return Boolean(row?.changed);
  }
}
