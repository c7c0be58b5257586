import { Injectable } from '@nestjs/common';
import { COMPLAINT_AUTHORITY, type RequestStatus } from '@offera/contracts';
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
    options: { note?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    const from = request.status;
    if (!this.canMove(from, to))
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `A ${from} request cannot become ${to}`);
    const now = this.clock.now();
    const updated = await tx
      .getRepository(PrivacyRequestEntity)
      .update({ id: request.id, status: from }, { status: to, statusChangedAt: now });
    if (!updated.affected)
      throw new PrivacyError(PrivacyErrorReason.InvalidTransition, `The request is no longer ${from}`);
    request.status = to;
    request.statusChangedAt = now;
    await this.record(tx, request, from, to, actor, options.note ?? null, options.reason ?? null);
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
    const now = this.clock.now();
    await tx
      .getRepository(RequestTransitionEntity)
      .insert({ requestId: request.id, fromStatus: from, toStatus: to, actor: actor.id, note, at: now });
    await this.outbox.add(tx, 'privacy-request.status-changed', {
      requestId: request.id,
      subjectId: request.subjectId,
      type: request.type,
      status: to,
      dueAt: request.dueAt.toISOString(),
      reason,
      occurredAt: now.toISOString(),
    });
    await this.audit.record(
      {
        actorId: actor.id,
        actorRole: actor.role,
        action,
        subjectRef: request.subjectRef,
        requestId: request.id,
        detail: { from, to, ...(note ? { note } : {}) },
      },
      tx,
    );
  }
}
