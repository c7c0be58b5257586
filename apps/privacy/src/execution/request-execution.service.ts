import { Injectable, Logger } from '@nestjs/common';
import {
  ERASE_SUBJECT_MESSAGES,
  type ErasureReceipt,
  type MessageName,
  type MessagePayload,
  type QueueName,
  type RectificationReceipt,
  type RestrictionReceipt,
  type SubjectExport,
} from '@offera/contracts';
import type { FlowStep } from '@offera/transport';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import { ExportsService } from '../exports/exports.service.js';
import { CookieRequests } from '../consents/cookie-requests.service.js';
import { ErasureOutcome } from '../links/erasure-outcome.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { RequestLifecycle, SYSTEM, type Actor } from '../requests/request-lifecycle.js';
import { RequestReceiptEntity } from '../requests/request-receipt.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { insertRows, type SqlColumn } from '../sql.js';
import { SubjectDataService } from '../subjects/subject-data.service.js';
import { type Redrive, RequestFlows } from './request-flows.js';

type Steps = Readonly<Partial<Record<QueueName, MessageName>>>;

const RECEIPT_COLUMNS: readonly SqlColumn[] = [
  ['request_id', 'uuid'],
  ['service', 'text'],
  ['erased', 'jsonb'],
  ['withheld', 'jsonb'],
  ['outcome', 'jsonb'],
  ['received_at', 'timestamptz'],
];

const receiptRow = (r: RequestReceiptEntity): unknown[] => [
  r.requestId,
  r.service,
  JSON.stringify(r.erased),
  JSON.stringify(r.withheld),
  r.outcome === null ? null : JSON.stringify(r.outcome),
  r.receivedAt,
];

/** Each service's step of an access/portability export: every service holds something to show. */
export const EXPORT_STEPS: Steps = {
  customers: 'customers.export-subject',
  orders: 'orders.export-subject',
  notifications: 'notifications.export-subject',
  privacy: 'privacy.export-subject',
};
/** Each service's step of a rectification (Art. 16); notifications keeps no copy of the fields. */
export const RECTIFY_STEPS: Steps = {
  customers: 'customers.rectify-subject',
  orders: 'orders.rectify-subject',
  privacy: 'privacy.rectify-subject',
};
/**
 * Each service's step of a restriction (Art. 18); notifications honours it from the
 * `subject.restriction-changed` event.
 */
export const RESTRICT_STEPS: Steps = {
  customers: 'customers.restrict-subject',
  orders: 'orders.restrict-subject',
  privacy: 'privacy.restrict-subject',
};

/**
 * Executes approved requests. Erasure, access, portability, rectification and restriction fan
 * out as a flow (one child per service, the parent completes only with every receipt);
 * objection, and requests about cookie data alone, are the privacy service's own work.
 */
@Injectable()
export class RequestExecution {
  private readonly log = new Logger('RequestExecution');

  constructor(
    private readonly db: DataSource,
    private readonly flows: RequestFlows,
    private readonly lifecycle: RequestLifecycle,
    private readonly subjectData: SubjectDataService,
    private readonly disclosures: DisclosuresService,
    private readonly exports: ExportsService,
    private readonly clock: Clock,
    private readonly pseudonym: SubjectPseudonym,
    private readonly outcome: ErasureOutcome,
    private readonly cookies: CookieRequests,
  ) {}

  /** The services that must answer before a request of this kind completes. */
  stepsFor(request: PrivacyRequestEntity): Steps {
    if (this.runsLocally(request)) return { privacy: 'privacy.erase-subject' };
    switch (request.type) {
      case 'erasure':
        return ERASE_SUBJECT_MESSAGES;
      case 'access':
      case 'portability':
        return EXPORT_STEPS;
      case 'rectification':
        return RECTIFY_STEPS;
      case 'restriction':
        return RESTRICT_STEPS;
      case 'objection':
        return { privacy: 'privacy.erase-subject' };
    }
  }

  /** Objection, and a request about cookie data alone, involve only the privacy service. */
  runsLocally(request: PrivacyRequestEntity): boolean {
    const cookieOnly = this.pseudonym.isCookieRef(request.subjectRef, request.cookieId);
    return request.type === 'objection' || cookieOnly;
  }

  /** approved (or failed, on a retry) → in progress, then runs it. */
  async start(requestId: string, actor: Actor = SYSTEM): Promise<void> {
    const request = await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, requestId);
      await this.lifecycle.move(tx, r, 'in_progress', actor);
      return r;
    });
    await this.launch(request);
  }

  /** Starts the flow (idempotent under the request id), or does the local work. */
  async launch(request: PrivacyRequestEntity): Promise<void> {
    if (this.runsLocally(request)) {
      await this.runLocally(request);
      return;
    }
    const children = this.flowChildren(request);
    const parent: FlowStep =
      request.type === 'erasure'
        ? { name: 'privacy.erasure-completed', payload: { requestId: request.id } }
        : { name: 'privacy.request-executed', payload: { requestId: request.id } };
    await this.flows.start(parent, children, request.id);
  }

  /** Runs a stuck request again: failed steps retried, a lost flow re-added under the same ids. */
  async redrive(request: PrivacyRequestEntity): Promise<Redrive> {
    if (this.runsLocally(request)) {
      await this.runLocally(request);
      return { retried: ['privacy'], waiting: [], parent: 'local' };
    }
    return this.flows.redrive(request.id, this.flowChildren(request), () => this.launch(request));
  }

  /**
   * One child per service. An erasure's customers step waits for the notifications service to
   * seal the subject's address for the outcome notice: once the customers service has erased
   * it, nobody could tell the subject what was done.
   */
  private flowChildren(request: PrivacyRequestEntity): FlowStep[] {
    const subjectId = request.subjectId ?? '';
    const steps = Object.entries(this.stepsFor(request)) as [QueueName, MessageName][];
    return steps.map(([service, name]) => {
      const payload = this.childPayload(request, subjectId);
      if (request.type !== 'erasure' || service !== 'customers') return { name, payload };
      const seal: FlowStep = {
        name: 'notifications.seal-erasure-contact',
        payload: {
          requestId: request.id,
          subjectId,
          dueAt: request.dueAt.toISOString(),
        } satisfies MessagePayload<'notifications.seal-erasure-contact'>,
      };
      return { name, payload, before: [seal] };
    });
  }

  /**
   * failed → in progress, then re-driven (the DPO's retry). The same message delivered again
   * (`repeated`) only re-drives: the move is made already.
   */
  async retry(requestId: string, actor: Actor, messageId?: string): Promise<Redrive & { repeated: boolean }> {
    const { request, repeated } = await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, requestId);
      if (await this.lifecycle.madeBy(tx, r.id, messageId)) return { request: r, repeated: true };
      await this.lifecycle.move(tx, r, 'in_progress', actor, { note: 'retried', messageId });
      return { request: r, repeated: false };
    });
    return { ...(await this.redrive(request)), repeated };
  }

  private childPayload(request: PrivacyRequestEntity, subjectId: string): unknown {
    const base = { requestId: request.id, subjectId };
    switch (request.type) {
      case 'access':
        return { ...base, forSubject: true };
      case 'portability':
        return { ...base, forSubject: true, purpose: 'portability' };
      case 'rectification':
        return { ...base, fields: request.rectification ?? {} };
      case 'restriction':
        return { ...base, restricted: true };
      default:
        return base;
    }
  }

  private async runLocally(request: PrivacyRequestEntity): Promise<void> {
    if (request.type === 'objection' && request.subjectId) {
      const subjectId = request.subjectId;
      await this.db.transaction((tx) => this.subjectData.objectToMarketing(tx, subjectId, request.id));
      await this.finish(request.id, { privacy: { service: 'privacy', applied: true } });
      return;
    }
    // A request about a cookie id alone: its consents are copied, or erased (pseudonymised).
    if (request.type === 'erasure') {
      await this.finish(request.id, { privacy: await this.cookies.erase(request.id) });
      return;
    }
    if (request.type === 'access') {
      await this.finish(request.id, { privacy: await this.cookies.export(request.id) });
      return;
    }
    throw new PrivacyError(PrivacyErrorReason.SubjectRequired, `A ${request.type} request needs a subject`);
  }

  /**
   * The flow's parent: every service's result is in; stores receipts and completes the request,
   * in one transaction. Returns the completed request and its receipts, or null when a
   * re-delivered parent finds it completed already.
   */
  async finish(
    requestId: string,
    results: Readonly<Record<string, unknown>>,
  ): Promise<{ request: PrivacyRequestEntity; receipts: RequestReceiptEntity[] } | null> {
    const done = await this.db.transaction(async (tx) => {
      const request = await this.lock(tx, requestId);
      if (request.status === 'completed') return null; // a re-delivered parent job
      const services = Object.keys(this.stepsFor(request)) as QueueName[];
      const missing = services.filter((s) => !results[s]);
      // Never complete with a service missing: the parent is retried, then re-driven.
      if (missing.length) throw new Error(`Request ${requestId} lacks results from ${missing.join(', ')}`);
      if (request.status === 'failed') await this.lifecycle.move(tx, request, 'in_progress', SYSTEM);
      const now = this.clock.now();
      const written: RequestReceiptEntity[] = [];
      const row = (service: QueueName, fields: Partial<RequestReceiptEntity>): RequestReceiptEntity => {
        const r = { requestId, service, erased: {}, withheld: [], outcome: null, receivedAt: now, ...fields };
        written.push(r);
        return r;
      };
      /** Every service's receipt in one statement (a re-delivered parent finds them already there). */
      const receipts = (rows: RequestReceiptEntity[]) =>
        tx.createQueryBuilder().insert().into(RequestReceiptEntity).values(rows).orIgnore().execute();
      const receipt = (service: QueueName, fields: Partial<RequestReceiptEntity>) =>
        receipts([row(service, fields)]);
      switch (request.type) {
        case 'erasure': {
          const rows = services.map((s) => {
            const r = results[s] as ErasureReceipt;
            return row(s, { erased: { ...r.erased }, withheld: [...r.withheld] });
          });
          // The outcome notice with what was withheld, and a one-time link to the receipts.
          const outcome = await this.outcome.prepare(tx, request, rows);
          // Receipts, notices to recipients, the outcome and the completion, which takes the
          // subject id off the record (kept until now so the flow could be driven again): one
          // statement.
          request.subjectId = null;
          await this.lifecycle.move(tx, request, 'completed', SYSTEM, {
            also: { completedAt: now, subjectId: null },
            with: (params, when) => [
              `${insertRows('request_receipts', RECEIPT_COLUMNS, rows.map(receiptRow), params, when)} ` +
                'ON CONFLICT DO NOTHING',
              this.disclosures.notifyRecipientsSql(requestId, request.subjectRef, 'erasure', params, when),
              ...outcome(params, when),
            ],
          });
          return { request, receipts: written };
        }
        case 'access':
        case 'portability': {
          const data: Partial<Record<QueueName, Record<string, unknown[]>>> = {};
          for (const s of services) {
            const r = results[s] as SubjectExport;
            data[s] = r.data;
            const counts = Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, v.length]));
            await receipt(s, { outcome: { exported: counts } });
          }
          await this.exports.store(tx, request, data);
          break;
        }
        case 'rectification':
          for (const s of services) {
            const r = results[s] as RectificationReceipt;
            await receipt(s, { outcome: { rectified: r.rectified } });
          }
          await tx.getRepository(PrivacyRequestEntity).update({ id: requestId }, { rectification: null });
          await this.disclosures.notifyRecipients(tx, requestId, request.subjectRef, 'rectification');
          break;
        case 'restriction':
          for (const s of services) {
            const r = results[s] as RestrictionReceipt;
            await receipt(s, { outcome: { applied: r.applied } });
          }
          await this.disclosures.notifyRecipients(tx, requestId, request.subjectRef, 'restriction');
          break;
        case 'objection':
          await receipt('privacy', { outcome: { applied: true } });
          break;
      }
      await this.lifecycle.move(tx, request, 'completed', SYSTEM, { also: { completedAt: now } });
      return { request, receipts: written };
    });
    if (done) this.log.log(`Request ${requestId} completed with every service's result`);
    return done;
  }

  private async lock(tx: EntityManager, requestId: string): Promise<PrivacyRequestEntity> {
    const request = await tx
      .getRepository(PrivacyRequestEntity)
      .findOne({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return request;
  }
}
