import { Injectable } from '@nestjs/common';
import type {
  ErasureReceipt,
  ExportSubjectPayload,
  RectificationReceipt,
  RectifySubjectPayload,
  RestrictionReceipt,
  RestrictSubjectPayload,
  SubjectExport,
  WithheldItem,
} from '@offera/contracts';
import { keepErasureReceipt, OutboxWriter } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { ConsentEventEntity } from '../consents/consent-event.entity.js';
import { CookieConsentEntity, cookieConsentExportRow } from '../consents/cookie-consent.entity.js';
import { CookieRequests } from '../consents/cookie-requests.service.js';
import { DisclosureEntity } from '../disclosures/disclosure.entity.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { SubjectFlagsEntity } from './subject-flags.entity.js';
import { ActorPseudonyms } from './actor-pseudonyms.js';
import { PortabilityExport } from './portability-export.js';

/** What `eraseSubject`'s one statement counted. */
interface ErasureCounts {
  records: number;
  until: string | null;
  subject_ids: number;
  rectifications: number;
  exports: number;
  codes: number;
  ips: number;
  consents: number;
}

/** The privacy service's own part of each request type: its step in every flow. */
@Injectable()
export class SubjectDataService {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly cookies: CookieRequests,
    private readonly portability: PortabilityExport,
    private readonly actors: ActorPseudonyms,
  ) {}

  private async cookieIdOf(tx: EntityManager, requestId: string): Promise<string | null> {
    const request = await tx.getRepository(PrivacyRequestEntity).findOneBy({ id: requestId });
    return request?.cookieId ?? null;
  }

  async exportSubject(p: ExportSubjectPayload): Promise<SubjectExport> {
    if (p.purpose === 'portability') return this.portability.build(p);
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
        cookie_consents: cookies.map(cookieConsentExportRow),
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

  /**
   * Art. 21: marketing stops for good; the marketing consent is recorded as withdrawn. Without a
   * request when it came through an unsubscribe link (`actor`: how it was made).
   */
  async objectToMarketing(
    tx: EntityManager,
    subjectId: string,
    requestId: string | null,
    actor = 'objection',
  ): Promise<void> {
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
        actor,
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
   * The privacy service's part of an erasure: request records lose the subject id (the running
   * request keeps it until it completes, so its flow can be driven again from the record) and any
   * corrected values, exports and codes are deleted, IPs of the cookie consents the request
   * names are cleared. The pseudonymised records, consent ledger and flags are withheld as proof.
   * One statement (atomic by itself): its parts all see the data as it was before it.
   */
  async eraseSubject(requestId: string, subjectId: string | null): Promise<ErasureReceipt> {
    // Kept with the change: a re-run answers with this receipt, not with zero counts.
    return this.db.transaction(async (tx) => {
      const receipt = await this.eraseRecords(tx, requestId, subjectId);
      // A cookie id the request names is left in no table (its consents keep its pseudonym).
      const cookie = await this.cookies.forget(tx, requestId);
      // A staff member erased: what they did stays on record under a pseudonym.
      const actor = subjectId ? await this.actors.pseudonymise(tx, subjectId) : {};
      return keepErasureReceipt(tx, requestId, {
        ...receipt,
        erased: { ...receipt.erased, ...cookie.erased, ...actor },
        withheld: [...receipt.withheld, ...cookie.withheld],
      });
    });
  }

  private async eraseRecords(
    tx: EntityManager,
    requestId: string,
    subjectId: string | null,
  ): Promise<ErasureReceipt> {
    // The records are the subject's requests, or for a request about cookie data alone, itself.
    // The condition is chosen here, not in SQL: a CASE in WHERE cannot use the indexes and
    // made every erasure scan every request ever recorded.
    const ref = subjectId ? this.pseudonym.of(subjectId) : null;
    const [r] = await tx.query<ErasureCounts[]>(
      `WITH records AS (
         SELECT id, retain_until,
                coalesce(subject_id = $2::uuid, false) AS named,
                CASE WHEN $2::uuid IS NULL THEN true ELSE subject_ref = $1::text END AS own,
                rectification IS NOT NULL AS corrected
           FROM requests
          WHERE ${subjectId ? 'subject_ref = $1::text OR subject_id = $2::uuid' : 'id = $3::uuid'}
       ), cleared AS (
         UPDATE requests r
            SET subject_id = CASE WHEN records.named AND r.id <> $3::uuid THEN NULL ELSE r.subject_id END,
                rectification = CASE WHEN records.own THEN NULL ELSE r.rectification END
           FROM records
          WHERE r.id = records.id AND (records.named OR (records.own AND records.corrected))
         RETURNING records.named, records.own AND records.corrected AS corrected
       ), exports_deleted AS (
         DELETE FROM exports WHERE request_id IN (SELECT id FROM records WHERE own) RETURNING 1
       ), codes_deleted AS (
         DELETE FROM verification_codes WHERE request_id IN (SELECT id FROM records WHERE own) RETURNING 1
       ), ips_cleared AS (
         UPDATE cookie_consents SET ip = NULL
          WHERE cookie_id = (SELECT cookie_id FROM requests WHERE id = $3::uuid) AND ip IS NOT NULL
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM records WHERE own)::int AS records,
              (SELECT max(retain_until)::text FROM records WHERE own) AS until,
              (SELECT count(*) FROM records WHERE named)::int AS subject_ids,
              (SELECT count(*) FROM cleared WHERE corrected)::int AS rectifications,
              (SELECT count(*) FROM exports_deleted)::int AS exports,
              (SELECT count(*) FROM codes_deleted)::int AS codes,
              (SELECT count(*) FROM ips_cleared)::int AS ips,
              (SELECT count(*) FROM consent_events WHERE subject_ref = $1::text)::int AS consents`,
      [ref, subjectId, requestId],
    );
    if (!subjectId && !r.records)
      throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    const erased: Record<string, number> = {};
    const add = (key: string, n: number) => {
      if (n) erased[key] = n;
    };
    if (subjectId) erased['requests.subject_id'] = r.subject_ids;
    add('requests.rectification', r.rectifications);
    add('exports', r.exports);
    add('verification_codes', r.codes);
    add('cookie_consents.ip', r.ips);
    const withheld: WithheldItem[] = [];
    if (r.until) {
      withheld.push({
        category: 'privacy request records, pseudonymised',
        basis: 'GDPR Art. 5(2) and 17(3)(e): proof that the requests were handled',
        until: r.until,
        count: r.records,
      });
      if (r.consents) {
        withheld.push({
          category: 'consent history, pseudonymised',
          basis: 'GDPR Art. 7(1): proof of consent',
          until: r.until,
          count: r.consents,
        });
      }
    }
    return { service: 'privacy', erased, withheld };
  }
}
