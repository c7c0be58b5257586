import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import {
  type CreatePrivacyRequestPayload,
  type PrivacyRequestView,
  type RectificationFields,
  type RequestType,
} from '@offera/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { RequestExecution } from '../execution/request-execution.service.js';
import { ExportsService } from '../exports/exports.service.js';
import { dueDate, retainUntil } from './deadlines.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { PrivacyRequestEntity, type Verification } from './privacy-request.entity.js';
import {
  type Actor,
  OPEN_STATUSES,
  RequestLifecycle,
  type Step,
  SUBJECT,
  SYSTEM,
} from './request-lifecycle.js';
import { requestView } from './request-view.js';
import { RequestReceiptEntity } from './request-receipt.entity.js';
import { SubjectPseudonym } from './subject-pseudonym.js';

const DAY_MS = 24 * 3600 * 1000;

const VERIFIED: Step = { to: 'verified', actor: SYSTEM, note: 'signed in to their own account' };

/** A signed-in subject is verified; unless flagged as possibly excessive, approved and started too. */
const autoSteps = (request: PrivacyRequestEntity): readonly Step[] =>
  request.possiblyExcessive
    ? [VERIFIED]
    : [
        VERIFIED,
        { to: 'approved', actor: SYSTEM, note: 'verified subject, no exemption applies' },
        { to: 'in_progress', actor: SYSTEM },
      ];

export interface NewRequest {
  readonly type: RequestType;
  readonly subjectId: string | null;
  readonly cookieId: string | null;
  readonly fields: RectificationFields | null;
  readonly verification: Verification;
  readonly actor: Actor;
  /** The id to give it (the message's): the same message delivered again finds its request. */
  readonly id?: string;
}

/** Checks the fields fit the type: only a rectification carries corrected values, and it must. */
export function checkFields(
  type: RequestType,
  fields: RectificationFields | null | undefined,
): RectificationFields | null {
  const given = fields ? Object.entries(fields).filter(([, v]) => v !== undefined) : [];
  if (type === 'rectification') {
    if (!given.length)
      throw new PrivacyError(
        PrivacyErrorReason.FieldsRequired,
        'A rectification needs at least one corrected field',
      );
    return Object.fromEntries(given);
  }
  if (given.length)
    throw new PrivacyError(
      PrivacyErrorReason.FieldsNotAllowed,
      'Only a rectification carries corrected fields',
    );
  return null;
}

/**
 * Receives requests. An open request of the same type from the same subject is returned
 * instead of a duplicate (in whatever state it is: a duplicate never skips verification);
 * a subject with many recent requests is flagged for the DPO. A subject signed in to their own
 * account is verified, and approved and executed at once unless flagged.
 */
@Injectable()
export class PrivacyRequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
    private readonly lifecycle: RequestLifecycle,
    private readonly execution: RequestExecution,
    private readonly exports: ExportsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  async create(input: CreatePrivacyRequestPayload, id?: string): Promise<PrivacyRequestView> {
    const staff = input.requestedBy.kind === 'staff';
    const signedIn = !staff && input.verification === 'signed_in_session';
    const { entity, created } = await this.receive(
      {
        type: input.type,
        subjectId: input.subjectId,
        cookieId: input.cookieId ?? null,
        fields: checkFields(input.type, input.fields),
        verification: input.verification,
        actor:
          input.requestedBy.kind === 'staff' ? { id: input.requestedBy.accountId, role: 'staff' } : SUBJECT,
        ...(id ? { id } : {}),
      },
      // A signed-in subject's new request is verified, approved and started in the transaction
      // that records it (one commit instead of three; every transition is still recorded).
      signedIn ? { steps: autoSteps } : {},
    );
    if (!created) return this.view(entity.id);
    if (entity.status === 'in_progress') {
      await this.execution.launch(entity);
      // The privacy service's own work is done by now: show its outcome.
      if (this.execution.runsLocally(entity)) return this.view(entity.id);
    }
    // Nothing else is known of a request just recorded: no receipts, no export yet.
    return requestView(entity, [], null);
  }

  /**
   * Records a received request, or finds the open one it duplicates. A new request is moved on
   * by `steps` in the same transaction, then `afterCreate` runs there.
   */
  async receive(
    input: NewRequest,
    options: {
      steps?: (request: PrivacyRequestEntity) => readonly Step[];
      afterCreate?: (tx: EntityManager, entity: PrivacyRequestEntity) => Promise<void>;
    } = {},
  ): Promise<{ entity: PrivacyRequestEntity; created: boolean }> {
    const subjectRef = input.subjectId
      ? this.pseudonym.of(input.subjectId)
      : this.pseudonym.ofCookie(input.cookieId ?? '');
    if (!input.subjectId && !input.cookieId)
      throw new PrivacyError(PrivacyErrorReason.SubjectRequired, 'A request needs a subject or a cookie id');
    if (input.subjectId) await this.refuseErased(subjectRef, input.type, input.id);
    return this.db.transaction(async (tx) => {
      // Serialise concurrent requests of one subject so two clicks make one request.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subjectRef]);
      const now = this.clock.now();
      // This message's own request (delivered again, or the same Idempotency-Key), the open
      // duplicate or the identical one received within the duplicate window (a client retrying
      // after a lost answer, whatever its state now but rejected: a request after a rejection is
      // a new one), and the count of recent requests, in one
      // round trip (after the lock).
      const id = input.id ?? randomUUID();
      const [found] = await tx.query<{ mine: string | null; open: string | null; recent: number }[]>(
        `SELECT (SELECT id FROM requests WHERE id = $5::uuid AND subject_ref = $1) AS mine,
                (SELECT id FROM requests
                  WHERE subject_ref = $1 AND type = $2
                    AND (status = ANY($3::text[])
                         OR (received_at > $6 AND status <> 'rejected' AND cookie_id IS NOT DISTINCT FROM $7::text
                             AND rectification IS NOT DISTINCT FROM $8::jsonb))
                  ORDER BY status = ANY($3::text[]) DESC, received_at DESC LIMIT 1) AS open,
                (SELECT count(*)::int FROM requests
                  WHERE subject_ref = $1 AND received_at > $4) AS recent`,
        [
          subjectRef,
          input.type,
          OPEN_STATUSES,
          new Date(now.getTime() - this.config.excessiveRequestsDays * DAY_MS),
          id,
          new Date(now.getTime() - this.config.duplicateRequestWindowMinutes * 60_000),
          input.cookieId,
          input.fields === null ? null : JSON.stringify(input.fields),
        ],
      );
      const repo = tx.getRepository(PrivacyRequestEntity);
      const existing = found.mine ?? found.open;
      if (existing) return { entity: await repo.findOneByOrFail({ id: existing }), created: false };
      const entity = repo.create({
        id,
        type: input.type,
        status: 'received',
        subjectId: input.subjectId,
        subjectRef,
        requestedBy: input.actor.id,
        verification: input.verification,
        receivedAt: now,
        dueAt: dueDate(now),
        completedAt: null,
        retainUntil: retainUntil(now, this.config.requestRecordRetentionYears),
        cookieId: input.cookieId,
        // Art. 21(3): an objection to direct marketing is absolute, never held as excessive.
        possiblyExcessive: input.type !== 'objection' && found.recent >= this.config.excessiveRequestsCount,
        extensionMonths: 0,
        extensionReason: null,
        decisionReason: null,
        rectification: input.fields,
        redrives: 0,
        statusChangedAt: now,
      });
      await this.lifecycle.open(tx, entity, input.actor, options.steps?.(entity));
      if (options.afterCreate) await options.afterCreate(tx, entity);
      return { entity, created: true };
    });
  }

  /**
   * A second line of defence behind the gateway, which refuses an erased account's tokens: no
   * request is opened for an account whose erasure is done (nor another kind while it runs). The
   * request itself, delivered again, still answers.
   */
  private async refuseErased(subjectRef: string, type: string, id: string | undefined): Promise<void> {
    const [erased] = await this.db.query<unknown[]>(
      `SELECT 1 FROM requests
        WHERE subject_ref = $1 AND type = 'erasure' AND id <> $2::uuid
          AND (status = 'completed' OR (status = 'in_progress' AND $3 <> 'erasure'))
        LIMIT 1`,
      [subjectRef, id ?? '00000000-0000-0000-0000-000000000000', type],
    );
    if (erased)
      throw new PrivacyError(
        PrivacyErrorReason.SubjectErased,
        'This account has been erased; no request can be opened for it',
      );
  }

  async viewFor(requestId: string, subjectId: string): Promise<PrivacyRequestView> {
    const request = await this.db
      .getRepository(PrivacyRequestEntity)
      .findOneBy({ id: requestId, subjectRef: this.pseudonym.of(subjectId) });
    if (!request) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return this.view(request.id);
  }

  async view(id: string): Promise<PrivacyRequestView> {
    const request = await this.db.getRepository(PrivacyRequestEntity).findOneByOrFail({ id });
    const receipts = await this.db.getRepository(RequestReceiptEntity).find({
      where: { requestId: id },
      order: { service: 'ASC' },
    });
    const exportExpiresAt =
      request.type === 'access' || request.type === 'portability' ? await this.exports.expiresAt(id) : null;
    return requestView(request, receipts, exportExpiresAt);
  }
}
