import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { DataSource, type EntityManager } from 'typeorm';
import type { CustomersConfig } from '../config.js';
import { AccountsError, AccountsErrorReason } from './accounts.errors.js';
import { LoginThrottleEntity } from './login-throttle.entity.js';

/** The name a counted failure is kept under, by the message that failed. */
const FAILURE_ANSWER = 'customers.sign-in-failed';

interface ThrottleKey {
  readonly key: string;
  readonly maxFailures: number;
}

/**
 * Counts failed sign-ins per account and per client IP in Postgres (shared by every replica,
 * survives restarts). Too many within the window locks the key for one window. IPs are kept only
 * as a keyed hash.
 */
@Injectable()
export class LoginThrottleService {
  private readonly hashKey: Buffer;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {
    // A subkey, so these hashes can never be compared with an identity code's blind index.
    this.hashKey = createHmac('sha256', config.blindIndexKey).update('login-throttle').digest();
  }

  /**
   * The account is counted by a keyed hash of its (lower-cased) email, not its id: an unknown
   * email then locks exactly like a real one, so a 429 does not reveal that an account exists.
   */
  keys(email: string | undefined, ip: string | undefined): ThrottleKey[] {
    const keys: ThrottleKey[] = [];
    if (email) keys.push({ key: this.emailKey(email), maxFailures: this.config.loginMaxFailuresPerAccount });
    if (ip) keys.push({ key: `ip:${this.hash(ip)}`, maxFailures: this.config.loginMaxFailuresPerIp });
    return keys;
  }

  emailKey(email: string): string {
    return `email:${this.hash(email.trim().toLowerCase())}`;
  }

  private hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }

  /** RATE_LIMITED (with the seconds to wait in the message) while any key is locked. */
  async assertAllowed(keys: readonly ThrottleKey[]): Promise<void> {
    if (!keys.length) return;
    const rows = await this.db.query<{ wait: number | null }[]>(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
         FROM login_throttles WHERE key = ANY($1) AND locked_until > now()`,
      [keys.map((k) => k.key)],
    );
    const wait = rows[0]?.wait;
    if (wait && wait > 0) {
      throw new AccountsError(
        AccountsErrorReason.LoginThrottled,
        `Too many failed sign-in attempts; try again in ${wait} seconds`,
      );
    }
  }

  /**
   * Whether this message's failure was counted already: the same sign-in delivered again (its
   * answer lost) is the same failure, answered as such, not a second one (nor a 429 it caused).
   */
  async failedBefore(messageId: string | undefined): Promise<boolean> {
    if (!messageId) return false;
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM kept_answers WHERE message_id = $1 AND name = $2`,
      [messageId, FAILURE_ANSWER],
    );
    return rows.length > 0;
  }

  /** Counts one failure per message (kept in `kept_answers`, which holds no personal data). */
  async recordFailure(keys: readonly ThrottleKey[], messageId?: string): Promise<void> {
    const window = this.config.loginThrottleWindowSeconds;
    await this.db.transaction(async (tx) => {
      if (messageId) {
        const kept = await tx.query<unknown[]>(
          `INSERT INTO kept_answers (message_id, name, answer) VALUES ($1, $2, '{"failed":true}'::jsonb)
           ON CONFLICT (message_id) DO NOTHING RETURNING 1`,
          [messageId, FAILURE_ANSWER],
        );
        if (!kept.length) return;
      }
      await this.countFailures(tx, keys, window);
    });
  }

  private async countFailures(
    tx: EntityManager,
    keys: readonly ThrottleKey[],
    window: number,
  ): Promise<void> {
    for (const { key, maxFailures } of keys) {
      // One statement, so concurrent failures are all counted.
      await tx.query(
        `INSERT INTO login_throttles AS t (key, failures, window_started_at, locked_until)
         VALUES ($1, 1, now(), CASE WHEN 1 >= $2 THEN now() + make_interval(secs => $3) END)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3)
                                    THEN now() ELSE t.window_started_at END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at <= now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END) >= $2
             THEN now() + make_interval(secs => $3)
             ELSE t.locked_until END`,
        [key, maxFailures, window],
      );
    }
  }

  /** A successful sign-in clears the account's count (not the IP's). */
  async recordSuccess(email: string): Promise<void> {
    await this.db.getRepository(LoginThrottleEntity).delete({ key: this.emailKey(email) });
  }

  /** Rows whose window ended and that hold no lock; run by the retention job. */
  async purgeStale(): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(LoginThrottleEntity)
      .where('window_started_at <= now() - make_interval(secs => :window)', {
        window: this.config.loginThrottleWindowSeconds,
      })
      .andWhere('(locked_until IS NULL OR locked_until <= now())')
      .execute();
    return result.affected ?? 0;
  }
}
