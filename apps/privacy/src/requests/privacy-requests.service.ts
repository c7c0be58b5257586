import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import {
  COMPLAINT_AUTHORITY,
  type CreatePrivacyRequestPayload,
  type PrivacyRequestView,
  type RectificationFields,
  type RequestType,
} from '@offera/contracts';
import { DataSource, type EntityManager, In, MoreThan } from 'typeorm';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { RequestExecution } from '../execution/request-execution.service.js';
import { ExportsService } from '../exports/exports.service.js';
import { dueDate, retainUntil } from './deadlines.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { PrivacyRequestEntity, type Verification } from './privacy-request.entity.js';
import { type Actor, OPEN_STATUSES, RequestLifecycle, SUBJECT, SYSTEM } from './request-lifecycle.js';
import { RequestReceiptEntity } from './request-receipt.entity.js';
import { SubjectPseudonym } from './subject-pseudonym.js';

const DAY_MS = 24 * 3600 * 1000;

export interface NewRequest {
  readonly type: RequestType;
  readonly subjectId: string | null;
  readonly cookieId: string | null;
  readonly fields: RectificationFields | null;
  readonly verification: Verification;
  readonly actor: Actor;
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

  async create(input: CreatePrivacyRequestPayload): Promise<PrivacyRequestView> {
    const staff = input.requestedBy.kind === 'staff';
    const signedIn = !staff && input.verification === 'signed_in_session';
    let started = false;
    const { entity } = await this.receive(
      {
        type: input.type,
        subjectId: input.subjectId,
        cookieId: input.cookieId ?? null,
        fields: checkFields(input.type, input.fields),
        verification: input.verification,
        actor:
          input.requestedBy.kind === 'staff' ? { id: input.requestedBy.accountId, role: 'staff' } : SUBJECT,
      },
      // A signed-in subject's new request is verified, approved and started in the transaction
      // that records it (one commit instead of three; every transition is still recorded).
      signedIn
        ? async (tx, request) => {
            const verified = {
              to: 'verified',
              actor: SYSTEM,
              note: 'signed in to their own account',
            } as const;
            if (request.possiblyExcessive) {
              await this.lifecycle.moveAll(tx, request, [verified]);
              return;
            }
            await this.lifecycle.moveAll(tx, request, [
              verified,
              { to: 'approved', actor: SYSTEM, note: 'verified subject, no exemption applies' },
              { to: 'in_progress', actor: SYSTEM },
            ]);
            started = true;
          }
        : undefined,
    );
    if (started) await this.execution.launch(entity);
    return this.view(entity.id);
  }

  /** Records a received request, or finds the open one it duplicates. */
  async receive(
    input: NewRequest,
    afterCreate?: (tx: EntityManager, entity: PrivacyRequestEntity) => Promise<void>,
  ): Promise<{ entity: PrivacyRequestEntity; created: boolean }> {
    const subjectRef = input.subjectId
      ? this.pseudonym.of(input.subjectId)
      : this.pseudonym.ofCookie(input.cookieId ?? '');
    if (!input.subjectId && !input.cookieId)
      throw new PrivacyError(PrivacyErrorReason.SubjectRequired, 'A request needs a subject or a cookie id');
    return this.db.transaction(async (tx) => {
      // Serialise concurrent requests of one subject so two clicks make one request.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subjectRef]);
      const repo = tx.getRepository(PrivacyRequestEntity);
      const open = await repo.findOneBy({ subjectRef, type: input.type, status: In([...OPEN_STATUSES]) });
      if (open) return { entity: open, created: false };
      const now = this.clock.now();
      const recent = await repo.countBy({
        subjectRef,
        receivedAt: MoreThan(new Date(now.getTime() - this.config.excessiveRequestsDays * DAY_MS)),
      });
      // An insert, not a save: a save with a given id first SELECTs to decide insert or update.
      const entity = repo.create({
        id: randomUUID(),
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
        possiblyExcessive: recent >= this.config.excessiveRequestsCount,
        extensionMonths: 0,
        extensionReason: null,
        decisionReason: null,
        rectification: input.fields,
        redrives: 0,
        statusChangedAt: now,
      });
      await repo.insert(entity);
      await this.lifecycle.received(tx, entity, input.actor);
      if (afterCreate) await afterCreate(tx, entity);
      return { entity, created: true };
    });
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
    const rejected = request.status === 'rejected';
    const exportExpiresAt =
      request.type === 'access' || request.type === 'portability' ? await this.exports.expiresAt(id) : null;
    return {
      id: request.id,
      type: request.type,
      status: request.status,
      receivedAt: request.receivedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      completedAt: request.completedAt?.toISOString() ?? null,
      receipts: receipts.map((r) => ({
        service: r.service,
        erased: r.erased,
        withheld: r.withheld,
        ...(r.outcome ? { outcome: { ...r.outcome } } : {}),
      })),
      possiblyExcessive: request.possiblyExcessive,
      decisionReason: rejected ? request.decisionReason : null,
      complaintAuthority: rejected ? { ...COMPLAINT_AUTHORITY } : null,
      extensionMonths: request.extensionMonths,
      extensionReason: request.extensionReason,
      exportExpiresAt: exportExpiresAt?.toISOString() ?? null,
    };
  }
}
