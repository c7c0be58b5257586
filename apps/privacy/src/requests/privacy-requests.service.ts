import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import {
  type CreatePrivacyRequestPayload,
  ERASE_SUBJECT_MESSAGES,
  ErrorCode,
  type ErasureReceipt,
  type PrivacyRequestView,
  QUEUES,
  type RequestStatus,
} from '@offera/contracts';
import { DomainError, FlowClient } from '@offera/transport';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import type { PrivacyConfig } from '../config.js';
import { dueDate, retainUntil } from './deadlines.js';
import { PrivacyRequestEntity } from './privacy-request.entity.js';
import { RequestReceiptEntity } from './request-receipt.entity.js';
import { RequestTransitionEntity } from './request-transition.entity.js';
import { SubjectPseudonym } from './subject-pseudonym.js';

const CLOSED: RequestStatus[] = ['completed', 'rejected', 'failed'];

@Injectable()
export class PrivacyRequestsService {
  private readonly log = new Logger('PrivacyRequests');

  constructor(
    private readonly db: DataSource,
    private readonly flows: FlowClient,
    private readonly pseudonym: SubjectPseudonym,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  /**
   * Records a request. A subject signed in to their own account is verified and, for erasure,
   * approved at once and executed; other types wait for the DPO. An open request of the same
   * type is returned instead of a duplicate.
   */
  async create(input: CreatePrivacyRequestPayload): Promise<PrivacyRequestView> {
    const subjectRef = this.pseudonym.of(input.subjectId);
    const request = await this.db.transaction(async (tx) => {
      // Serialise concurrent requests of one subject so two clicks make one request.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subjectRef]);
      const open = await tx.getRepository(PrivacyRequestEntity).findOneBy({
        subjectRef,
        type: input.type,
        status: Not(In(CLOSED)),
      });
      if (open) return { entity: open, created: false };
      const now = new Date();
      const entity = await tx.getRepository(PrivacyRequestEntity).save({
        id: randomUUID(),
        type: input.type,
        status: 'received',
        subjectId: input.subjectId,
        subjectRef,
        requestedBy: input.requestedBy.kind === 'subject' ? 'subject' : input.requestedBy.accountId,
        verification: input.verification,
        receivedAt: now,
        dueAt: dueDate(now),
        completedAt: null,
        retainUntil: retainUntil(now, this.config.requestRecordRetentionYears),
      });
      const actor = entity.requestedBy;
      await this.transition(tx, entity, null, 'received', actor);
      if (input.requestedBy.kind === 'subject' && input.verification === 'signed_in_session') {
        await this.transition(tx, entity, 'received', 'verified', 'system', 'signed in to their own account');
        if (input.type === 'erasure') {
          await this.transition(
            tx,
            entity,
            'verified',
            'approved',
            'system',
            'verified subject, no exemption applies',
          );
        }
      }
      return { entity, created: true };
    });
    if (request.created && request.entity.status === 'approved') await this.execute(request.entity);
    return this.view(request.entity.id);
  }

  /** Fans the erasure out: one child per service, the parent completes when all have answered. */
  async execute(request: PrivacyRequestEntity): Promise<void> {
    if (!request.subjectId) throw new Error('An erasure needs its subject');
    const subjectId = request.subjectId;
    await this.flows.start(
      { name: 'privacy.erasure-completed', payload: { requestId: request.id } },
      QUEUES.map((service) => ({
        name: ERASE_SUBJECT_MESSAGES[service],
        payload: { requestId: request.id, subjectId },
      })),
      request.id,
    );
    await this.db.transaction((tx) => this.transition(tx, request, 'approved', 'in_progress', 'system'));
  }

  /** The flow's parent: stores every service's receipt and completes the request. */
  async complete(
    requestId: string,
    receipts: Readonly<Record<string, unknown>>,
  ): Promise<PrivacyRequestView> {
    const missing = QUEUES.filter((q) => !receipts[q]);
    if (missing.length) throw new Error(`Erasure ${requestId} lacks receipts from ${missing.join(', ')}`);
    await this.db.transaction(async (tx) => {
      const request = await tx
        .getRepository(PrivacyRequestEntity)
        .findOne({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new DomainError(ErrorCode.NotFound, 'Privacy request not found');
      if (request.status === 'completed') return; // a re-delivered parent job
      const now = new Date();
      for (const service of QUEUES) {
        const receipt = receipts[service] as ErasureReceipt;
        await tx
          .createQueryBuilder()
          .insert()
          .into(RequestReceiptEntity)
          .values({
            requestId,
            service,
            erased: receipt.erased,
            withheld: [...receipt.withheld],
            receivedAt: now,
          })
          .orIgnore()
          .execute();
      }
      await tx.getRepository(PrivacyRequestEntity).update({ id: requestId }, { completedAt: now });
      await this.transition(tx, request, request.status, 'completed', 'system');
    });
    this.log.log(`Erasure ${requestId} completed with receipts from every service`);
    return this.view(requestId);
  }

  /** Pseudonymises the subject's request records: the privacy service's own part of an erasure. */
  async eraseSubject(subjectId: string): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(PrivacyRequestEntity);
      const records = await repo.find({
        where: { subjectRef: this.pseudonym.of(subjectId) },
        select: { id: true, retainUntil: true },
      });
      const cleared = await repo.update({ subjectId }, { subjectId: null });
      const until = records
        .map((r) => r.retainUntil)
        .sort()
        .at(-1);
      return {
        service: 'privacy',
        erased: { 'requests.subject_id': cleared.affected ?? 0 },
        withheld: until
          ? [
              {
                category: 'privacy request records, pseudonymised',
                basis: 'GDPR Art. 5(2) and 17(3)(e): proof that the requests were handled',
                until,
                count: records.length,
              },
            ]
          : [],
      };
    });
  }

  async viewFor(requestId: string, subjectId: string): Promise<PrivacyRequestView> {
    const request = await this.db
      .getRepository(PrivacyRequestEntity)
      .findOneBy({ id: requestId, subjectRef: this.pseudonym.of(subjectId) });
    if (!request) throw new DomainError(ErrorCode.NotFound, 'Privacy request not found');
    return this.view(request.id);
  }

  private async view(id: string): Promise<PrivacyRequestView> {
    const request = await this.db.getRepository(PrivacyRequestEntity).findOneByOrFail({ id });
    const receipts = await this.db.getRepository(RequestReceiptEntity).find({
      where: { requestId: id },
      order: { service: 'ASC' },
    });
    return {
      id: request.id,
      type: request.type,
      status: request.status,
      receivedAt: request.receivedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      completedAt: request.completedAt?.toISOString() ?? null,
      receipts: receipts.map((r) => ({ service: r.service, erased: r.erased, withheld: r.withheld })),
    };
  }

  private async transition(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    from: RequestStatus | null,
    to: RequestStatus,
    actor: string,
    note: string | null = null,
  ): Promise<void> {
    if (from !== null) {
      const updated = await tx
        .getRepository(PrivacyRequestEntity)
        .update({ id: request.id, status: from }, { status: to });
      if (!updated.affected) throw new Error(`Request ${request.id} is not ${from}`);
    }
    request.status = to;
    await tx
      .getRepository(RequestTransitionEntity)
      .insert({ requestId: request.id, fromStatus: from, toStatus: to, actor, note, at: new Date() });
  }
}
