import { createHmac, hkdfSync } from 'node:crypto';
import type { Redis } from 'ioredis';

export type Verdict = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

// One round trip: count the hit, start the window on the first one, say how long it has left.
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;

/**
 * Fixed-window request counter per caller, in Redis: every gateway replica counts into the same
 * window, and a restart forgets nothing. A caller (IP or account id) is stored only as a keyed
 * hash, so Redis holds no address or id; the key expires with its window.
 */
export class RateLimiter {
  private readonly secret: Buffer;
  private readonly hitCommand: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: {
      readonly limit: number;
      readonly windowMs: number;
      /** Redis key prefix of this limiter's windows. */
      readonly keyPrefix: string;
      /** Master key the caller hashes are derived from. */
      readonly masterKey: Buffer;
    },
  ) {
    // Its own key, so these hashes cannot be matched with any other hash made from the master key.
    this.secret = Buffer.from(
      hkdfSync('sha256', options.masterKey, Buffer.alloc(0), 'offera:gateway:rate-limit', 32),
    );
    this.hitCommand = 'offeraRateLimitHit';
    if (!(this.hitCommand in redis)) redis.defineCommand(this.hitCommand, { numberOfKeys: 1, lua: HIT });
  }

  /** Counts one request; answers how many remain in the window, or the seconds to wait. */
  async hit(caller: string): Promise<Verdict> {
    const key = this.options.keyPrefix + createHmac('sha256', this.secret).update(caller).digest('base64url');
    const hit = (this.redis as unknown as Record<string, HitCommand>)[this.hitCommand].bind(this.redis);
    const [count, ttlMs] = await hit(key, this.options.windowMs);
    if (count > this.options.limit)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    return { allowed: true, remaining: this.options.limit - count };
  }
}
