import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  DecideRequestPayload,
  RequestStatus,
  RequestType,
  ExtendRequestPayload,
  ListRequestsPayload,
  RejectRequestPayload,
  StaffCreateRequestPayload,
  StaffRequestPayload,
  StaffRequestView,
  SubjectVerifyPayload,
  SubjectVerifyResult,
  VerificationCodeIssued,
  VerifyRequestPayload,
} from '@offera/contracts';
import { DateTime } from 'luxon';
import { answerOnce } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { CookieRequests } from '../consents/cookie-requests.service.js';
import type { PrivacyConfig } from '../config.js';
import { RequestExecution } from '../execution/request-execution.service.js';
import { RequesterContacts } from '../links/requester-contacts.js';
import { dueDate } from './deadlines.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { PrivacyRequestEntity } from './privacy-request.entity.js';
import { checkFields, PrivacyRequestsService } from './privacy-requests.service.js';
import {
  type Actor,
  OPEN_STATUSES,
  rejectionNotice,
  RequestLifecycle,
  SUBJECT,
  SYSTEM,
} from './request-lifecycle.js';
import { StaffRequestViews } from './staff-requests.view.js';
import { type CodeCheck, VerificationCodes } from './verification-codes.js';

const DAY_MS = 24 * 3600 * 1000;
const dpo = (actorId: string): Actor => ({ id: actorId, role: 'dpo' });
/** Statuses an approved request moves on to: approving it again has nothing left to do. */
const PAST_APPROVAL: readonly RequestStatus[] = ['in_progress', 'completed', 'failed'];
/** Requests whose outcome reaches a requester without an account through a one-time link. */
const LINKED_TYPES: readonly RequestType[] = ['access', 'portability', 'erasure'];
/** What a request about a cookie id alone can ask: a copy of its consents, or their erasure. */
const COOKIE_ONLY_TYPES: readonly RequestType[] = ['access', 'erasure'];

/** The DPO's handling of requests: entry from letters, verification, decisions, extensions. */
@Injectable()
export class StaffRequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly requests: PrivacyRequestsService,
    private readonly lifecycle: RequestLifecycle,
    private readonly codes: VerificationCodes,
    private readonly execution: RequestExecution,
    private readonly audit: AuditService,
    private readonly contacts: RequesterContacts,
    private readonly cookies: CookieRequests,
    private readonly views: StaffRequestViews,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  /** A request from a letter or email; a one-time code is sent at once when that is the method. */
  async create(p: StaffCreateRequestPayload, id?: string): Promise<StaffRequestView> {
    if (!p.subjectId && !p.cookieId)
      throw new PrivacyError(PrivacyErrorReason.SubjectRequired, 'Give the subject id or the cookie id');
    if (!p.subjectId && !COOKIE_ONLY_TYPES.includes(p.type))
      throw new PrivacyError(
        PrivacyErrorReason.SubjectRequired,
        'A request about cookie data alone can be an access or an erasure; give the subject id for other types',
      );
    // A cookie id nothing was recorded under is a mistake to correct, not a request to carry out.
    if (!p.subjectId && p.cookieId && !(await this.cookies.known(p.cookieId)))
      throw new PrivacyError(
        PrivacyErrorReason.CookieNotFound,
        'No cookie consent is recorded under this cookie id; check the copy of the cookie',
      );
    if (p.contact && !LINKED_TYPES.includes(p.type))
      throw new PrivacyError(
        PrivacyErrorReason.FieldsNotAllowed,
        'A contact address is only used for the link to an access, portability or erasure outcome',
      );
    if (p.verification === 'one_time_code' && !p.subjectId)
      throw new PrivacyError(
        PrivacyErrorReason.SubjectRequired,
        'A one-time code needs a subject with an address on file',
      );
    const { entity } = await this.requests.receive(
      {
        type: p.type,
        subjectId: p.subjectId ?? null,
        cookieId: p.cookieId ?? null,
        fields: checkFields(p.type, p.fields),
        verification: p.verification,
        actor: { id: p.actorId, role: p.actorRole ?? 'dpo' },
        ...(id ? { id } : {}),
      },
      {
        afterCreate: async (tx, created) => {
          // Who entered it for whom, and from what: the DPO's log of staff-created requests.
          await this.audit.record(
            {
              actorId: p.actorId,
              actorRole: p.actorRole ?? 'dpo',
              action: 'request.entered-by-staff',
              subjectRef: created.subjectRef,
              requestId: created.id,
              detail: {
                type: p.type,
                verification: p.verification,
                receivedVia: p.receivedVia ?? 'letter',
                ...(p.cookieId ? { about: 'cookie' } : {}),
              },
            },
            tx,
          );
          if (p.contact) await this.contacts.keep(tx, created.id, p.contact, created.receivedAt);
          if (p.verification === 'one_time_code') await this.codes.issue(tx, created);
        },
      },
    );
    return this.view(entity.id);
  }

  async list(p: ListRequestsPayload): Promise<StaffRequestView[]> {
    const now = this.clock.now();
    const qb = this.db
      .getRepository(PrivacyRequestEntity)
      .createQueryBuilder('r')
      .orderBy('r.due_at', 'ASC')
      .limit(Math.min(p.limit ?? 100, 500));
    if (p.status) qb.andWhere('r.status = :status', { status: p.status });
    if (p.possiblyExcessive !== undefined)
      qb.andWhere('r.possibly_excessive = :flag', { flag: p.possiblyExcessive });
    if (p.due) {
      qb.andWhere('r.status IN (:...open)', { open: OPEN_STATUSES });
      if (p.due === 'overdue') qb.andWhere('r.due_at < :now', { now });
      else
        qb.andWhere('r.due_at >= :now AND r.due_at < :soon', {
          now,
          soon: new Date(now.getTime() + this.config.dueSoonDays * DAY_MS),
        });
    }
    const rows = await qb.getMany();
    await this.audit.record({
      actorId: p.actorId,
      actorRole: 'dpo',
      action: 'requests.listed',
      detail: {
        count: rows.length,
        ...(p.status ? { status: p.status } : {}),
        ...(p.due ? { due: p.due } : {}),
      },
    });
    return Promise.all(rows.map((r) => this.view(r.id)));
  }

  async get(p: StaffRequestPayload): Promise<StaffRequestView> {
    const request = await this.find(p.requestId);
    await this.audit.record({
      actorId: p.actorId,
      actorRole: 'dpo',
      action: 'request.viewed',
      subjectRef: request.subjectRef,
      requestId: request.id,
    });
    return this.view(request.id);
  }

  async issueCode(p: StaffRequestPayload, messageId?: string): Promise<VerificationCodeIssued> {
    const expiresAt = await this.db.transaction(async (tx) => {
      const request = await this.lock(tx, p.requestId);
      if (request.verification !== 'one_time_code')
        throw new PrivacyError(
          PrivacyErrorReason.WrongVerification,
          'This request is verified by ID document',
        );
      if (request.status !== 'received')
        throw new PrivacyError(
          PrivacyErrorReason.InvalidTransition,
          'Only a received request awaits verification',
        );
      const issued = await this.codes.issue(tx, request, messageId);
      if (issued.repeated) return issued.expiresAt;
      await this.audit.record(
        {
          actorId: p.actorId,
          actorRole: 'dpo',
          action: 'verification-code.issued',
          subjectRef: request.subjectRef,
          requestId: request.id,
        },
        tx,
      );
      return issued.expiresAt;
    });
    return { requestId: p.requestId, expiresAt: expiresAt.toISOString() };
  }

  /** The DPO records that the ID document was seen, or enters the code the subject read out. */
  async verify(p: VerifyRequestPayload, messageId?: string): Promise<StaffRequestView> {
    const request = await this.find(p.requestId);
    if (request.verification !== p.method)
      throw new PrivacyError(
        PrivacyErrorReason.WrongVerification,
        `This request is to be verified by ${request.verification.replace(/_/g, ' ')}`,
      );
    if (p.method === 'one_time_code') {
      if (!p.code)
        throw new PrivacyError(PrivacyErrorReason.CodeRequired, 'Enter the code the subject received');
      await this.verifyCode(p.requestId, p.code, dpo(p.actorId), messageId);
    } else {
      await this.db.transaction(async (tx) => {
        const r = await this.lock(tx, p.requestId);
        if (await this.lifecycle.madeBy(tx, r.id, messageId)) return;
        await this.lifecycle.move(tx, r, 'verified', dpo(p.actorId), { note: 'ID document seen', messageId });
      });
    }
    await this.executeObjection(p.requestId);
    return this.view(p.requestId);
  }

  /** Art. 21(3): a verified objection to direct marketing is approved and executed at once. */
  private async executeObjection(requestId: string): Promise<void> {
    const start = await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, requestId);
      if (r.type !== 'objection' || r.status !== 'verified')
        return r.type === 'objection' && r.status === 'approved';
      await this.lifecycle.move(tx, r, 'approved', SYSTEM, {
        note: 'objection to direct marketing is absolute (GDPR Art. 21(3))',
      });
      return true;
    });
    if (start) await this.execution.start(requestId);
  }

  /** The subject enters the code sent to them. */
  async verifyBySubject(p: SubjectVerifyPayload, messageId?: string): Promise<SubjectVerifyResult> {
    const request = await this.db.getRepository(PrivacyRequestEntity).findOneBy({ id: p.requestId });
    if (!request || request.verification !== 'one_time_code')
      throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    await this.verifyCode(p.requestId, p.code, SUBJECT, messageId);
    await this.executeObjection(p.requestId);
    return { requestId: p.requestId, status: 'verified' };
  }

  /**
   * The attempt is committed before a wrong code is reported, so attempts really run out; the
   * same attempt delivered again gets the same outcome and spends no second attempt.
   */
  private async verifyCode(requestId: string, code: string, actor: Actor, messageId?: string): Promise<void> {
    const { outcome } = await answerOnce(this.db, messageId, 'privacy.verify-code', async (tx) => {
      const request = await this.lock(tx, requestId);
      // Delivered again after it verified the request (the code is spent by then).
      if (await this.lifecycle.madeBy(tx, request.id, messageId)) return { outcome: 'ok' as CodeCheck };
      if (request.status !== 'received')
        throw new PrivacyError(
          PrivacyErrorReason.InvalidTransition,
          `A ${request.status} request cannot be verified`,
        );
      const result = await this.codes.check(tx, requestId, code);
      if (result === 'ok')
        await this.lifecycle.move(tx, request, 'verified', actor, { note: 'one-time code', messageId });
      return { outcome: result };
    });
    if (outcome === 'expired')
      throw new PrivacyError(PrivacyErrorReason.CodeExpired, 'The code has expired; ask for a new one');
    if (outcome === 'none')
      throw new PrivacyError(PrivacyErrorReason.NoCodeIssued, 'No valid code is pending; ask for a new one');
    if (outcome === 'invalid')
      throw new PrivacyError(PrivacyErrorReason.CodeInvalid, 'The code is not valid');
  }

  async approve(p: DecideRequestPayload): Promise<StaffRequestView> {
    const status = await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, p.requestId);
      // Approved already (the decision is repeated, or its message redelivered after the start
      // was lost): only the start is left. Started already: nothing is.
      if (r.status === 'approved' || PAST_APPROVAL.includes(r.status)) return r.status;
      if (p.reason)
        await tx.getRepository(PrivacyRequestEntity).update({ id: r.id }, { decisionReason: p.reason });
      await this.lifecycle.move(tx, r, 'approved', dpo(p.actorId), { note: p.reason ?? null });
      return r.status;
    });
    if (status === 'approved') await this.execution.start(p.requestId);
    return this.view(p.requestId);
  }

  /**
   * The reason is recorded and sent to the subject with their right to complain. An objection
   * to direct marketing is never rejected (Art. 21(3)).
   */
  async reject(p: RejectRequestPayload, messageId?: string): Promise<StaffRequestView> {
    await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, p.requestId);
      if (await this.lifecycle.madeBy(tx, r.id, messageId)) return;
      if (r.type === 'objection')
        throw new PrivacyError(
          PrivacyErrorReason.ObjectionAbsolute,
          'An objection to direct marketing is absolute (GDPR Art. 21(3)): it is executed once verified, never rejected',
        );
      if (this.lifecycle.canMove(r.status, 'rejected')) {
        await tx.getRepository(PrivacyRequestEntity).update({ id: r.id }, { decisionReason: p.reason });
        r.decisionReason = p.reason;
      }
      await this.lifecycle.move(tx, r, 'rejected', dpo(p.actorId), {
        note: p.reason,
        reason: rejectionNotice(p.reason),
        messageId,
      });
      await tx.getRepository(PrivacyRequestEntity).update({ id: r.id }, { rectification: null });
      // Nothing will be sent to an address given in the letter: it is not kept.
      await this.contacts.take(tx, r.id);
    });
    return this.view(p.requestId);
  }

  /**
   * Art. 12(3): up to two further months, with a reason, decided and told to the subject
   * within the first month after receipt.
   */
  async extend(p: ExtendRequestPayload, messageId: string): Promise<StaffRequestView> {
    await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, p.requestId);
      // This very extension, delivered again: its months are added already.
      if (await this.lifecycle.madeBy(tx, r.id, messageId)) return;
      if (!OPEN_STATUSES.includes(r.status))
        throw new PrivacyError(
          PrivacyErrorReason.InvalidTransition,
          `A ${r.status} request cannot be extended`,
        );
      if (this.clock.now().getTime() >= dueDate(r.receivedAt).getTime())
        throw new PrivacyError(
          PrivacyErrorReason.ExtensionTooLate,
          'An extension must be made within one month of receipt',
        );
      const months = r.extensionMonths + p.months;
      if (p.months < 1 || months > 2)
        throw new PrivacyError(PrivacyErrorReason.ExtensionTooLong, 'At most two further months in total');
      r.extensionMonths = months;
      r.extensionReason = p.reason;
      r.dueAt = dueDate(r.receivedAt, months);
      await tx.getRepository(PrivacyRequestEntity).update(
        { id: r.id },
        {
          extensionMonths: months,
          extensionReason: p.reason,
          dueAt: r.dueAt,
        },
      );
      const due = DateTime.fromJSDate(r.dueAt, { zone: 'Europe/Helsinki' }).toISODate() ?? '';
      await this.lifecycle.notify(
        tx,
        r,
        dpo(p.actorId),
        'request.extended',
        `The deadline is extended by ${months} month${months > 1 ? 's' : ''} to ${due}: ${p.reason}`,
        messageId,
      );
    });
    return this.view(p.requestId);
  }

  /** A failed request is run again: failed steps are retried, missing ones re-added. */
  async retry(p: StaffRequestPayload, messageId?: string): Promise<StaffRequestView> {
    const redrive = await this.execution.retry(p.requestId, dpo(p.actorId), messageId);
    // Delivered again: re-driven again (harmless), but the DPO's retry is audited once.
    if (redrive.repeated) return this.view(p.requestId);
    await this.audit.record({
      actorId: p.actorId,
      actorRole: 'dpo',
      action: 'request.redriven',
      requestId: p.requestId,
      detail: {
        retried: redrive.retried.join(','),
        waiting: redrive.waiting.join(','),
        parent: redrive.parent,
      },
    });
    return this.view(p.requestId);
  }

  private async find(requestId: string): Promise<PrivacyRequestEntity> {
    const r = await this.db.getRepository(PrivacyRequestEntity).findOneBy({ id: requestId });
    if (!r) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return r;
  }

  private async lock(tx: EntityManager, requestId: string): Promise<PrivacyRequestEntity> {
    const r = await tx
      .getRepository(PrivacyRequestEntity)
      .findOne({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
    if (!r) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return r;
  }

  view(id: string): Promise<StaffRequestView> {
    return this.views.of(id);
  }
}
