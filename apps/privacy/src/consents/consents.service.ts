import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  ConsentPurpose,
  ConsentsView,
  CookieConsentView,
  GetConsentsPayload,
  RecordCookieConsentPayload,
  SetConsentsPayload,
} from '@offera/contracts';
import { answerOnce, OutboxWriter } from '@offera/database';
import { DataSource } from 'typeorm';
import { Clock } from '../clock.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { ConsentEventEntity } from './consent-event.entity.js';
import { CookieConsentEntity } from './cookie-consent.entity.js';

const PURPOSES: readonly ConsentPurpose[] = ['marketing', 'third_party_disclosure'];

/**
 * The consent ledger. Cookie choices are recorded per pseudonymous cookie id without an
 * account; a customer's marketing and third-party-disclosure consents are an append-only
 * history whose latest row per purpose is the current state. Withdrawing is one call, as giving.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** `id` (the message's): the same message delivered again records no second consent. */
  async recordCookieConsent(
    p: RecordCookieConsentPayload,
    id: string = randomUUID(),
  ): Promise<CookieConsentView> {
    const repo = this.db.getRepository(CookieConsentEntity);
    let row = await repo.findOneBy({ id });
    if (!row) {
      row = repo.create({
        id,
        cookieId: p.cookieId,
        analytics: p.analytics,
        marketing: p.marketing,
        policyVersion: p.policyVersion,
        ip: p.ip,
        recordedAt: this.clock.now(),
      });
      await repo.insert(row);
    }
    return {
      id: row.id,
      cookieId: row.cookieId,
      necessary: true,
      analytics: row.analytics,
      marketing: row.marketing,
      policyVersion: row.policyVersion,
      recordedAt: row.recordedAt.toISOString(),
    };
  }

  async get(p: GetConsentsPayload): Promise<ConsentsView> {
    const history = await this.db
      .getRepository(ConsentEventEntity)
      .find({ where: { subjectRef: this.pseudonym.of(p.subjectId) }, order: { id: 'ASC' } });
    return {
      consents: PURPOSES.map((purpose) => {
        const last = history.filter((h) => h.purpose === purpose).at(-1);
        return { purpose, granted: last?.granted ?? false, since: last?.recordedAt.toISOString() ?? null };
      }),
      history: history.map((h) => ({
        purpose: h.purpose,
        granted: h.granted,
        actor: h.actor,
        recordedAt: h.recordedAt.toISOString(),
      })),
    };
  }

  async isGranted(subjectId: string, purpose: ConsentPurpose): Promise<boolean> {
    const last = await this.db
      .getRepository(ConsentEventEntity)
      .findOne({ where: { subjectRef: this.pseudonym.of(subjectId), purpose }, order: { id: 'DESC' } });
    return last?.granted ?? false;
  }

  /** Records only what changes; each change is a new ledger row and a `consent.changed` event. */
  /**
   * Records the changes once per message: the same message delivered late (its answer lost after
   * the commit), after a newer change, must not set the older choice again. Its answer is the
   * ledger as it stands (only a marker is kept per message: the ledger is personal data).
   */
  async set(p: SetConsentsPayload, messageId?: string): Promise<ConsentsView> {
    const wanted: [ConsentPurpose, boolean | undefined][] = [
      ['marketing', p.marketing],
      ['third_party_disclosure', p.thirdPartyDisclosure],
    ];
    const ref = this.pseudonym.of(p.subjectId);
    await answerOnce(this.db, messageId, 'privacy.set-consents', async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`consents:${ref}`]);
      const now = this.clock.now();
      for (const [purpose, granted] of wanted) {
        if (granted === undefined) continue;
        const last = await tx
          .getRepository(ConsentEventEntity)
          .findOne({ where: { subjectRef: ref, purpose }, order: { id: 'DESC' } });
        if ((last?.granted ?? false) === granted && last) continue;
        if (!last && !granted) continue;
        await tx
          .getRepository(ConsentEventEntity)
          .insert({ subjectRef: ref, purpose, granted, actor: p.actor, recordedAt: now });
        await this.outbox.add(tx, 'consent.changed', {
          subjectId: p.subjectId,
          purpose,
          granted,
          occurredAt: now.toISOString(),
        });
      }
      return { recorded: true };
    });
    return this.get({ subjectId: p.subjectId });
  }

  /** Clears consent-proof IP addresses past their retention period. */
  async clearOldIps(before: Date): Promise<number> {
    const r = await this.db.query<[unknown, number]>(
      'UPDATE cookie_consents SET ip = NULL WHERE ip IS NOT NULL AND recorded_at < $1',
      [before],
    );
    return r[1];
  }
}
