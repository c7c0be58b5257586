import type { AuthUser } from './auth-user.js';

interface Verified {
  readonly user: AuthUser;
  /** When the token's `exp` passes, in ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * Access tokens this gateway has verified, until they expire: a signed token cannot change, so
 * checking its signature again on every request of a session is work done twice. Keyed by the
 * whole token (signature included), so only a byte-identical token is found; bounded, the
 * oldest verified first out. Verification never consulted anything that could change (no
 * revocation list), so remembering it changes no answer.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, now = Date.now()): AuthUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.user;
  }

  /** Remembers a verified token; one without a usable `exp` is not remembered. */
  remember(token: string, user: AuthUser, expSeconds: unknown): void {
    if (typeof expSeconds !== 'number' || !Number.isFinite(expSeconds)) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { user, expiresAt: expSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
