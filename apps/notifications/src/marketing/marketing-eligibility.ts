import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AddressHasher } from './address-hash.js';
import { MarketingPreferenceEntity } from './marketing-preference.entity.js';
import { SuppressionEntity } from './suppression.entity.js';

export type Ineligibility = 'no_consent' | 'objected' | 'restricted' | 'suppressed';

/** Marketing goes only to recorded consent, never after an objection, under restriction, or to a suppressed address. */
@Injectable()
export class MarketingEligibility {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: AddressHasher,
  ) {}

  /** Why the subject may not be marketed to, or null if they may. */
  async check(subjectId: string, email: string | null): Promise<Ineligibility | null> {
    const pref = await this.db.getRepository(MarketingPreferenceEntity).findOneBy({ subjectId });
    if (pref?.objectedAt) return 'objected';
    if (!pref?.consent) return 'no_consent';
    if (pref.restricted) return 'restricted';
    if (email && (await this.isSuppressed(email))) return 'suppressed';
    return null;
  }

  async isSuppressed(email: string): Promise<boolean> {
    return this.db.getRepository(SuppressionEntity).existsBy({ addressHash: this.hasher.hashAddress(email) });
  }
}
