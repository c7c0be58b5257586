import { Injectable } from '@nestjs/common';
import type {
  LiftRestrictionPayload,
  MessagePayload,
  RestrictionLifted,
  RestrictionLiftCompletedPayload,
} from '@offera/contracts';
import { derivedRowId, type FlowStep } from '@offera/transport';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { RequestLifecycle, SYSTEM } from '../requests/request-lifecycle.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { SubjectFlagsEntity } from '../subjects/subject-flags.entity.js';
import { RequestFlows } from './request-flows.js';

/** Each service's step of a lift: the same as the restriction's, with `restricted: false`. */
const LIFT_STEPS = [
  'customers.restrict-subject',
  'orders.restrict-subject',
  'privacy.restrict-subject',
] as const;

/**
 * Art. 18(3): the DPO lifts a restriction. The lift is a flow like the restriction: one step per
 * service (customers, orders, privacy, whose event tells notifications), each waiting for the
 * notifications service to have sent the subject the notice that the restriction is being
 * lifted, so the subject is told before it takes effect anywhere. The lift is recorded in the
 * restriction request's history when it is asked for and when every service has done it.
 */
@Injectable()
export class RestrictionLiftService {
  constructor(
    private readonly db: DataSource,
    private readonly flows: RequestFlows,
    private readonly lifecycle: RequestLifecycle,
    private readonly pseudonym: SubjectPseudonym,
    private readonly audit: AuditService,
  ) {}

  async lift(p: LiftRestrictionPayload, messageId?: string): Promise<RestrictionLifted> {
    const ref = this.pseudonym.of(p.subjectId);
    const liftId = derivedRowId(messageId ?? randomUUID(), 'restriction-lift');
    const request = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flags:${ref}`]);
      const flags = await tx.getRepository(SubjectFlagsEntity).findOneBy({ subjectRef: ref });
      const r = await tx.getRepository(PrivacyRequestEntity).findOne({
        where: { subjectRef: ref, type: 'restriction', status: 'completed' },
        order: { completedAt: 'DESC' },
        lock: { mode: 'pessimistic_write' },
      });
      // The same lift delivered again: its flow is (re)started under the same ids below.
      if (r && (await this.lifecycle.madeBy(tx, r.id, messageId))) return r;
      if (!flags?.restricted || !r)
        throw new PrivacyError(
          PrivacyErrorReason.NotRestricted,
          'The subject’s processing is not restricted',
        );
      // A lift already under way (waiting for the subject's notice) is not started twice.
      const [last] = await tx.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE request_id = $1
            AND action IN ('restriction.lift-started', 'restriction.lift-completed')
          ORDER BY id DESC LIMIT 1`,
        [r.id],
      );
      if (last?.action === 'restriction.lift-started')
        throw new PrivacyError(PrivacyErrorReason.NotRestricted, 'The restriction is already being lifted');
      await this.lifecycle.notify(
        tx,
        r,
        { id: p.actorId, role: 'dpo' },
        'restriction.lift-started',
        `Restriction being lifted (the subject is told first): ${p.reason}`,
        messageId,
      );
      await this.audit.record(
        {
          actorId: p.actorId,
          actorRole: 'dpo',
          action: 'restriction.lifted',
          subjectRef: ref,
          requestId: r.id,
          detail: { reason: p.reason },
        },
        tx,
      );
      return r;
    });
    const notice: FlowStep = {
      name: 'notifications.notify-restriction-lift',
      payload: {
        requestId: request.id,
        subjectId: p.subjectId,
        liftId,
      } satisfies MessagePayload<'notifications.notify-restriction-lift'>,
    };
    const children: FlowStep[] = LIFT_STEPS.map((name) => ({
      name,
      payload: { requestId: request.id, subjectId: p.subjectId, restricted: false },
      before: [notice],
    }));
    const parent: FlowStep = {
      name: 'privacy.restriction-lift-completed',
      payload: { requestId: request.id, liftId } satisfies RestrictionLiftCompletedPayload,
    };
    await this.flows.start(parent, children, liftId);
    return { subjectId: p.subjectId, restricted: false };
  }

  /** The flow's parent: every service has lifted it; recorded once in the request's history. */
  async completed(p: RestrictionLiftCompletedPayload): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx
        .getRepository(PrivacyRequestEntity)
        .findOne({ where: { id: p.requestId }, lock: { mode: 'pessimistic_write' } });
      const marker = `restriction-lift-completed:${p.liftId}`;
      if (!r || (await this.lifecycle.madeBy(tx, r.id, marker))) return;
      await this.lifecycle.notify(
        tx,
        r,
        SYSTEM,
        'restriction.lift-completed',
        'Restriction lifted in every service, after the subject was told',
        marker,
      );
    });
  }
}
