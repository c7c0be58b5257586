import { Injectable } from '@nestjs/common';
import { COMPLAINT_AUTHORITY, type EventPayload, type RequestStatus } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { PrivacyRequestEntity } from './privacy-request.entity.js';
import { RequestTransitionEntity } from './request-transition.entity.js';

/** Who moves a request: the subject, the system, or a staff account. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

export const SYSTEM: Actor = { id: 'system', role: 'system' };
export const SUBJECT: Actor = { id: 'subject', role: 'customer' };

/** One recorded change: a transition row, an event and an audit entry. */
interface Transition {
  readonly from: RequestStatus | null;
  readonly to: RequestStatus;
  readonly actor: Actor;
  readonly note: string | null;
  readonly reason: string | null;
  readonly action?: string;
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

/**
 * Every state change of a request, in the caller's transaction: the guarded status update,
 * an append-only transition row, the `privacy-request.status-changed` event and an audit entry.
 */
@Injectable()
export class RequestLifecycle {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  canMove(from: RequestStatus, to: RequestStatus): boolean {
    return NEXT[from].includes(to);
  }

  async received(tx: EntityManager, request: PrivacyRequestEntity, actor: Actor): Promise<void> {
    await this.record(tx, request, null, 'received', actor, null, null);
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
      also?: Partial<Pick<PrivacyRequestEntity, 'completedAt'>>;
    } = {},
  ): Promise<void> {
    const from = request.status;
    if (!this.canMove(from, to))
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `A ${from} request cannot become ${to}`);
    const now = this.clock.now();
    const updated = await tx
      .getRepository(PrivacyRequestEntity)
      .update({ id: request.id, status: from }, { ...options.also, status: to, statusChangedAt: now });
    if (!updated.affected)
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `The request is no longer ${from}`);
    Object.assign(request, options.also);
    request.status = to;
    request.statusChangedAt = now;
    await this.record(tx, request, from, to, actor, options.note ?? null, options.reason ?? null);
  }

  /**
   * Several moves in a row (e.g. verified → approved → in progress) with one guarded update
   * and each table written once: every step is still checked, and recorded with its own
   * transition row, event and audit entry, in order.
   */
  async moveAll(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    steps: readonly { to: RequestStatus; actor: Actor; note?: string | null }[],
  ): Promise<void> {
    const from = request.status;
    let at = from;
    for (const step of steps) {
      if (!this.canMove(at, step.to))
        throw new PrivacyError(
          PrivacyErrorReason.InvalidTransition,
          `A ${at} request cannot become ${step.to}`,
        );
      at = step.to;
    }
    if (!steps.length) return;
    const now = this.clock.now();
    const updated = await tx
      .getRepository(PrivacyRequestEntity)
      .update({ id: request.id, status: from }, { status: at, statusChangedAt: now });
    if (!updated.affected)
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `The request is no longer ${from}`);
    let previous: RequestStatus = from;
    const transitions = steps.map((step) => {
      const t: Transition = {
        from: previous,
        to: step.to,
        actor: step.actor,
        note: step.note ?? null,
        reason: null,
      };
      previous = step.to;
      return t;
    });
    request.status = at;
    request.statusChangedAt = now;
    await this.recordAll(tx, request, transitions);
  }

  /** Something the subject must be told without a state change (an extension). */
  async notify(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    actor: Actor,
    action: string,
    reason: string,
  ): Promise<void> {
    await this.record(tx, request, request.status, request.status, actor, reason, reason, action);
  }

  private async record(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    from: RequestStatus | null,
    to: RequestStatus,
    actor: Actor,
    note: string | null,
    reason: string | null,
    action = `request.${to}`,
  ): Promise<void> {
    await this.recordAll(tx, request, [{ from, to, actor, note, reason, action }]);
  }

  /** Transition rows, `privacy-request.status-changed` events and audit entries: one statement each. */
  private async recordAll(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    transitions: readonly Transition[],
  ): Promise<void> {
    const now = this.clock.now();
    await tx.getRepository(RequestTransitionEntity).insert(
      transitions.map((t) => ({
        requestId: request.id,
        fromStatus: t.from,
        toStatus: t.to,
        actor: t.actor.id,
        note: t.note,
        at: now,
      })),
    );
    await this.outbox.addMany(
      tx,
      transitions.map((t) => ({
        name: 'privacy-request.status-changed',
        payload: {
          requestId: request.id,
          subjectId: request.subjectId,
          type: request.type,
          status: t.to,
          dueAt: request.dueAt.toISOString(),
          reason: t.reason,
          occurredAt: now.toISOString(),
        } satisfies EventPayload<'privacy-request.status-changed'>,
      })),
    );
    await this.audit.recordMany(
      transitions.map((t) => ({
        actorId: t.actor.id,
        actorRole: t.actor.role,
        action: t.action ?? `request.${t.to}`,
        subjectRef: request.subjectRef,
        requestId: request.id,
        detail: { from: t.from, to: t.to, ...(t.note ? { note: t.note } : {}) },
      })),
      tx,
    );
  }
}
