import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@offera/database';
import { DataSource } from 'typeorm';
import { ContactLookup } from '../delivery/contact-lookup.js';
import { AddressHasher } from './address-hash.js';
import { MarketingPreferenceEntity } from './marketing-preference.entity.js';
import { SuppressionEntity } from './suppression.entity.js';

/** Keeps the marketing projection and the suppression list. */
@Injectable()
export class MarketingService {
  constructor(
    private readonly db: DataSource,
    private readonly contacts: ContactLookup,
    private readonly hasher: AddressHasher,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The unsubscribe link is an objection to direct marketing (Art. 21(3)): it stops marketing
   * here at once, and the privacy service is told (through the outbox) so that its consent
   * ledger records it and the address is suppressed. A second click changes and emits nothing.
   * Without a projection row there is nothing to stop: a marketing message went only to a
   * subject with one, so they have been erased since, and no row is made that would name them again.
   */
  async unsubscribe(subjectId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const occurredAt = new Date().toISOString();
      const [, changed] = await tx.query<[unknown[], number]>(
        `UPDATE marketing_preferences SET consent = false, consent_changed_at = $2, objected_at = $2,
           updated_at = now()
          WHERE subject_id = $1 AND objected_at IS NULL`,
        [subjectId, occurredAt],
      );
      if (changed > 0) await this.outbox.add(tx, 'marketing.unsubscribed', { subjectId, occurredAt });
    });
  }

  /** True once they objected, or when nothing about them is kept any more (erased). */
  async isUnsubscribed(subjectId: string): Promise<boolean> {
    const pref = await this.db.getRepository(MarketingPreferenceEntity).findOneBy({ subjectId });
    return !pref || Boolean(pref.objectedAt);
  }

  /** Each field moves only forward in time, so a late, older event cannot undo a newer change. */
  async setConsent(subjectId: string, granted: boolean, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO marketing_preferences (subject_id, consent, consent_changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (subject_id) DO UPDATE SET consent = EXCLUDED.consent,
         consent_changed_at = EXCLUDED.consent_changed_at, updated_at = now()
       WHERE marketing_preferences.consent_changed_at IS NULL
          OR marketing_preferences.consent_changed_at <= EXCLUDED.consent_changed_at`,
      [subjectId, granted, new Date(at)],
    );
  }

  async setRestricted(subjectId: string, restricted: boolean, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO marketing_preferences (subject_id, restricted, restriction_changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (subject_id) DO UPDATE SET restricted = EXCLUDED.restricted,
         restriction_changed_at = EXCLUDED.restriction_changed_at, updated_at = now()
       WHERE marketing_preferences.restriction_changed_at IS NULL
          OR marketing_preferences.restriction_changed_at <= EXCLUDED.restriction_changed_at`,
      [subjectId, restricted, new Date(at)],
    );
  }

  /** Art. 21: recorded for good, and the address suppressed (as a keyed hash) so it outlives erasure. */
  async objected(subjectId: string, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO marketing_preferences (subject_id, objected_at) VALUES ($1, $2)
       ON CONFLICT (subject_id) DO UPDATE SET objected_at = COALESCE(marketing_preferences.objected_at, EXCLUDED.objected_at),
         updated_at = now()`,
      [subjectId, new Date(at)],
    );
    const contact = await this.contacts.find(subjectId);
    if (contact) await this.suppress(contact.email, 'objection');
  }

  async suppress(email: string, reason: SuppressionEntity['reason']): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(SuppressionEntity)
      .values({ addressHash: this.hasher.hashAddress(email), reason })
      .orIgnore()
      .execute();
  }
}
