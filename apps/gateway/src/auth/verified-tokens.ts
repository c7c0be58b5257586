import { ExpiringMap } from '../memory/expiring-map.js';
import type { AuthUser } from './auth-user.js';

/**
 * Access tokens this gateway has verified, until they expire: a signed token cannot change, so
 * checking its signature and claims again on every request of a session is work done twice.
 * Keyed by the whole token (signature included), so only a byte-identical token is found;
 * bounded, the oldest verified first out. Only what the token itself says is kept: whether its
 * session still stands is asked on every request (SessionStates), so an ended session is never
 * answered from here.
 */
export class VerifiedTokens {
  private readonly entries: ExpiringMap<string, AuthUser>;

  constructor(maxEntries = 10_000) {
    this.entries = new ExpiringMap(maxEntries);
  }

  get(token: string, now = Date.now()): AuthUser | undefined {
    return this.entries.get(token, now);
  }

  /** Remembers a verified token; one without a usable `exp` is not remembered. */
  remember(token: string, access: AuthUser, expSeconds: unknown): void {
    if (typeof expSeconds !== 'number' || !Number.isFinite(expSeconds)) return;
    this.entries.set(token, access, expSeconds * 1000);
  }

  get size(): number {
    return this.entries.size;
  }
}
