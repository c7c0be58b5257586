import { Injectable } from '@nestjs/common';
import type { ErasureReceipt, SubjectExport, WithheldItem } from '@offera/contracts';
import { keepErasureReceipt, keptErasureReceipt } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { CookieConsentEntity, cookieConsentExportRow } from './cookie-consent.entity.js';

interface CookieErasure {
  ips: number;
  consents: number;
  requests: number;
  exports: number;
  own: number;
  until: string | null;
}

/**
 * Requests about a cookie id alone (the notice asks for a copy of the cookie): a copy of the
 * consents recorded under it, or their erasure. Erasure leaves the cookie id in no table: the
 * consent choices stay as proof under the cookie's keyed pseudonym, which is also the request's.
 */
@Injectable()
export class CookieRequests {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
  ) {}

  /**
   * A subject's erasure that names a cookie id (their own, sent with the request): the cookie
   * id is replaced by its keyed pseudonym in its consents and removed from every request.
   * Idempotent: once done, the request names no cookie id.
   */
  async forget(
    tx: EntityManager,
    requestId: string,
  ): Promise<{ erased: Record<string, number>; withheld: WithheldItem[] }> {
    const request = await this.request(tx, requestId);
    if (!request.cookieId) return { erased: {}, withheld: [] };
    const [r] = await tx.query<{ consents: number; requests: number }[]>(
      `WITH consents AS (
         UPDATE cookie_consents SET ip = NULL, cookie_id = $2::text WHERE cookie_id = $1::text RETURNING 1
       ), requests_cleared AS (
         UPDATE requests SET cookie_id = NULL WHERE cookie_id = $1::text RETURNING 1
       )
       SELECT (SELECT count(*) FROM consents)::int AS consents,
              (SELECT count(*) FROM requests_cleared)::int AS requests`,
      [request.cookieId, this.pseudonym.ofCookie(request.cookieId)],
    );
    const erased: Record<string, number> = {};
    if (r.consents) erased['cookie_consents.cookie_id'] = r.consents;
    if (r.requests) erased['requests.cookie_id'] = r.requests;
    const withheld: WithheldItem[] = r.consents
      ? [
          {
            category: 'cookie consent choices, pseudonymised',
            basis: 'GDPR Art. 7(1): proof of consent',
            until: request.retainUntil,
            count: r.consents,
          },
        ]
      : [];
    return { erased, withheld };
  }

  /** Whether any consent was recorded under the cookie id. */
  async known(cookieId: string): Promise<boolean> {
    return this.db.getRepository(CookieConsentEntity).existsBy({ cookieId });
  }

  private async request(tx: EntityManager, requestId: string): Promise<PrivacyRequestEntity> {
    const r = await tx.getRepository(PrivacyRequestEntity).findOneBy({ id: requestId });
    if (!r) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    return r;
  }

  /** The access export of a cookie id: its consents, and the requests made about it. */
  async export(requestId: string): Promise<SubjectExport> {
    const request = await this.request(this.db.manager, requestId);
    const [consents, requests] = await Promise.all([
      request.cookieId
        ? this.db
            .getRepository(CookieConsentEntity)
            .find({ where: { cookieId: request.cookieId }, order: { recordedAt: 'ASC' } })
        : Promise.resolve([]),
      this.db
        .getRepository(PrivacyRequestEntity)
        .find({ where: { subjectRef: request.subjectRef }, order: { receivedAt: 'ASC' } }),
    ]);
    return {
      service: 'privacy',
      data: {
        cookie_consents: consents.map(cookieConsentExportRow),
        privacy_requests: requests.map((r) => ({
          id: r.id,
          type: r.type,
          status: r.status,
          receivedAt: r.receivedAt.toISOString(),
          dueAt: r.dueAt.toISOString(),
          completedAt: r.completedAt?.toISOString() ?? null,
        })),
      },
    };
  }

  /**
   * Erases a cookie id: its consents' IPs are cleared and the id replaced by its keyed pseudonym,
   * every request naming it forgets it, and exports made about it are deleted. One statement;
   * run again (redelivered), it answers with the receipt it kept.
   */
  async erase(requestId: string): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const kept = await keptErasureReceipt<ErasureReceipt>(tx, requestId);
      if (kept) return kept;
      const request = await this.request(tx, requestId);
      const cookieId = request.cookieId;
      const ref = request.subjectRef;
      const [r] = await tx.query<CookieErasure[]>(
        `WITH consents AS (
           UPDATE cookie_consents SET ip = NULL, cookie_id = $2::text
            WHERE cookie_id = $1::text
           RETURNING 1
         ), ips AS (
           SELECT count(*)::int AS n FROM cookie_consents WHERE cookie_id = $1::text AND ip IS NOT NULL
         ), requests_cleared AS (
           UPDATE requests SET cookie_id = NULL WHERE cookie_id = $1::text RETURNING 1
         ), exports_deleted AS (
           DELETE FROM exports WHERE request_id IN (SELECT id FROM requests WHERE subject_ref = $2::text)
           RETURNING 1
         )
         SELECT (SELECT n FROM ips) AS ips,
                (SELECT count(*) FROM consents)::int AS consents,
                (SELECT count(*) FROM requests_cleared)::int AS requests,
                (SELECT count(*) FROM exports_deleted)::int AS exports,
                (SELECT count(*) FROM requests WHERE subject_ref = $2::text)::int AS own,
                (SELECT max(retain_until)::text FROM requests WHERE subject_ref = $2::text) AS until`,
        [cookieId, ref],
      );
      const erased: Record<string, number> = {};
      const add = (key: string, n: number) => {
        if (n) erased[key] = n;
      };
      add('cookie_consents.ip', r.ips);
      add('cookie_consents.cookie_id', r.consents);
      add('requests.cookie_id', r.requests);
      add('exports', r.exports);
      const withheld: WithheldItem[] = [];
      const until = r.until ?? request.retainUntil;
      if (r.consents)
        withheld.push({
          category: 'cookie consent choices, pseudonymised',
          basis: 'GDPR Art. 7(1): proof of consent',
          until,
          count: r.consents,
        });
      withheld.push({
        category: 'privacy request records, pseudonymised',
        basis: 'GDPR Art. 5(2) and 17(3)(e): proof that the requests were handled',
        until,
        count: r.own,
      });
      return keepErasureReceipt(tx, requestId, { service: 'privacy' as const, erased, withheld });
    });
  }
}
