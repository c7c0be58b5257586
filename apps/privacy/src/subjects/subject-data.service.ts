import { Injectable } from '@nestjs/common';
import type {
  ErasureReceipt,
  LiftRestrictionPayload,
  RestrictionLifted,
  ExportSubjectPayload,
  RectificationReceipt,
  RectifySubjectPayload,
  RestrictionReceipt,
  RestrictSubjectPayload,
  SubjectExport,
  WithheldItem,
} from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { ConsentEventEntity } from '../consents/consent-event.entity.js';
import { CookieConsentEntity } from '../consents/cookie-consent.entity.js';
import { DisclosureEntity } from '../disclosures/disclosure.entity.js';
import { ExportEntity } from '../exports/export.entity.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { VerificationCodeEntity } from '../requests/verification-code.entity.js';
import { SubjectFlagsEntity } from './subject-flags.entity.js';

/** The privacy service's own part of each request type: its step in every flow. */
@Injectable()
export class SubjectDataService {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private async cookieIdOf(tx: EntityManager, requestId: string): Promise<string | null> {
    const request = await tx.getRepository(PrivacyRequestEntity).findOneBy({ id: requestId });
    return request?.cookieId ?? null;
  }

  async exportSubject(p: ExportSubjectPayload): Promise<SubjectExport> {
    const tx = this.db.manager;
    const ref = this.pseudonym.of(p.subjectId);
    const cookieId = await this.cookieIdOf(tx, p.requestId);
    const [requests, consents, cookies, disclosures, flags] = await Promise.all([
      tx
        .getRepository(PrivacyRequestEntity)
        .find({ where: { subjectRef: ref }, order: { receivedAt: 'ASC' } }),
      tx.getRepository(ConsentEventEntity).find({ where: { subjectRef: ref }, order: { id: 'ASC' } }),
      cookieId
        ? tx.getRepository(CookieConsentEntity).find({ where: { cookieId }, order: { recordedAt: 'ASC' } })
        : Promise.resolve([]),
      tx.getRepository(DisclosureEntity).find({ where: { subjectRef: ref }, order: { disclosedAt: 'ASC' } }),
      tx.getRepository(SubjectFlagsEntity).findBy({ subjectRef: ref }),
    ]);
    return {
      service: 'privacy',
      data: {
        privacy_requests: requests.map((r) => ({
          id: r.id,
          type: r.type,
          status: r.status,
          receivedAt: r.receivedAt.toISOString(),
          dueAt: r.dueAt.toISOString(),
          completedAt: r.completedAt?.toISOString() ?? null,
        })),
        consents: consents.map((c) => ({
          purpose: c.purpose,
          granted: c.granted,
          recordedAt: c.recordedAt.toISOString(),
        })),
        cookie_consents: cookies.map((c) => ({
          cookieId: c.cookieId,
          necessary: true,
          analytics: c.analytics,
          marketing: c.marketing,
          policyVersion: c.policyVersion,
          ip: c.ip,
          recordedAt: c.recordedAt.toISOString(),
        })),
        disclosures: disclosures.map((d) => ({
          recipientKind: d.recipientKind,
          recipientName: d.recipientName,
          purpose: d.purpose,
          categories: d.categories,
          country: d.country,
          safeguard: d.safeguard,
          disclosedAt: d.disclosedAt.toISOString(),
        })),
        restrictions: flags.map((f) => ({
          restricted: f.restricted,
          marketingObjected: f.marketingObjected,
          since: f.updatedAt.toISOString(),
        })),
      },
    };
  }

  /** The privacy service holds no names or contact details: nothing to correct here. */
  rectifySubject(_p: RectifySubjectPayload): RectificationReceipt {
    return { service: 'privacy', rectified: {} };
  }

  /** Sets or lifts the restriction flag and tells every service (idempotent). */
  async restrictSubject(p: RestrictSubjectPayload): Promise<RestrictionReceipt> {
    await this.db.transaction(async (tx) => {
      const ref = this.pseudonym.of(p.subjectId);
      const repo = tx.getRepository(SubjectFlagsEntity);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flags:${ref}`]);
      const current = await repo.findOneBy({ subjectRef: ref });
      if (current?.restricted === p.restricted) return;
      const now = this.clock.now();
      await repo.upsert(
        {
          subjectRef: ref,
          restricted: p.restricted,
          marketingObjected: current?.marketingObjected ?? false,
          updatedAt: now,
        },
        ['subjectRef'],
      );
      await this.outbox.add(tx, 'subject.restriction-changed', {
        subjectId: p.subjectId,
        restricted: p.restricted,
        requestId: p.requestId,
        occurredAt: now.toISOString(),
      });
    });
    return { service: 'privacy', applied: true };
  }

  /** Art. 18(3): the DPO lifts a restriction; every service is told through the event. */
  async liftRestriction(p: LiftRestrictionPayload): Promise<RestrictionLifted> {
    const ref = this.pseudonym.of(p.subjectId);
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flags:${ref}`]);
      const repo = tx.getRepository(SubjectFlagsEntity);
      const current = await repo.findOneBy({ subjectRef: ref });
      if (!current?.restricted)
        throw new PrivacyError(
          PrivacyErrorReason.NotRestricted,
          'The subject’s processing is not restricted',
        );
      const now = this.clock.now();
      await repo.update({ subjectRef: ref }, { restricted: false, updatedAt: now });
      await this.outbox.add(tx, 'subject.restriction-changed', {
        subjectId: p.subjectId,
        restricted: false,
        requestId: null,
        occurredAt: now.toISOString(),
      });
      await this.audit.record(
        {
          actorId: p.actorId,
          actorRole: 'dpo',
          action: 'restriction.lifted',
          subjectRef: ref,
          detail: { reason: p.reason },
        },
        tx,
      );
    });
    return { subjectId: p.subjectId, restricted: false };
  }

  /** Art. 21: marketing stops for good; the marketing consent is recorded as withdrawn. */
  async objectToMarketing(tx: EntityManager, subjectId: string, requestId: string): Promise<void> {
    const ref = this.pseudonym.of(subjectId);
    const now = this.clock.now();
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flags:${ref}`]);
    const repo = tx.getRepository(SubjectFlagsEntity);
    const current = await repo.findOneBy({ subjectRef: ref });
    await repo.upsert(
      { subjectRef: ref, restricted: current?.restricted ?? false, marketingObjected: true, updatedAt: now },
      ['subjectRef'],
    );
    await this.outbox.add(tx, 'subject.marketing-objected', {
      subjectId,
      requestId,
      occurredAt: now.toISOString(),
    });
    const last = await tx
      .getRepository(ConsentEventEntity)
      .findOne({ where: { subjectRef: ref, purpose: 'marketing' }, order: { id: 'DESC' } });
    if (last?.granted) {
      await tx.getRepository(ConsentEventEntity).insert({
        subjectRef: ref,
        purpose: 'marketing',
        granted: false,
        actor: 'objection',
        recordedAt: now,
      });
      await this.outbox.add(tx, 'consent.changed', {
        subjectId,
        purpose: 'marketing',
        granted: false,
        occurredAt: now.toISOString(),
      });
    }
  }

  /**
   * The privacy service's part of an erasure: request records lose the subject id and any
   * corrected values, exports and codes are deleted, IPs of the cookie consents the request
   * names are cleared. The pseudonymised records, consent ledger and flags are withheld as proof.
   */
  async eraseSubject(requestId: string, subjectId: string | null): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(PrivacyRequestEntity);
      const erased: Record<string, number> = {};
      const add = (key: string, n: number | null | undefined) => {
        if (n) erased[key] = n;
      };
      let records: { id: string; retainUntil: string }[];
      let consents = 0;
      if (subjectId) {
        const ref = this.pseudonym.of(subjectId);
        records = await repo.find({ where: { subjectRef: ref }, select: { id: true, retainUntil: true } });
        const cleared = await repo.update({ subjectId }, { subjectId: null });
        erased['requests.subject_id'] = cleared.affected ?? 0;
        consents = await tx.getRepository(ConsentEventEntity).countBy({ subjectRef: ref });
      } else {
        const own = await repo.findOneByOrFail({ id: requestId });
        records = [{ id: own.id, retainUntil: own.retainUntil }];
      }
      const ids = records.map((r) => r.id);
      if (ids.length) {
        add(
          'requests.rectification',
          (await repo.update({ id: In(ids), rectification: Not(IsNull()) }, { rectification: null }))
            .affected,
        );
        add('exports', (await tx.getRepository(ExportEntity).delete({ requestId: In(ids) })).affected);
        add(
          'verification_codes',
          (await tx.getRepository(VerificationCodeEntity).delete({ requestId: In(ids) })).affected,
        );
      }
      const cookieId = await this.cookieIdOf(tx, requestId);
      if (cookieId) {
        const r = await tx.query<[unknown, number]>(
          'UPDATE cookie_consents SET ip = NULL WHERE cookie_id = $1 AND ip IS NOT NULL',
          [cookieId],
        );
        add('cookie_consents.ip', r[1]);
      }
      const until = records
        .map((r) => r.retainUntil)
        .sort()
        .at(-1);
      const withheld: WithheldItem[] = [];
      if (until) {
        withheld.push({
          category: 'privacy request records, pseudonymised',
          basis: 'GDPR Art. 5(2) and 17(3)(e): proof that the requests were handled',
          until,
          count: records.length,
        });
        if (consents) {
          withheld.push({
            category: 'consent history, pseudonymised',
            basis: 'GDPR Art. 7(1): proof of consent',
            until,
            count: consents,
          });
        }
      }
      return { service: 'privacy', erased, withheld };
    });
  }
}
