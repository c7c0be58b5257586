import { cleanupRedis, testRedisPrefix, waitFor } from '@offera/testing';
import { Redis } from 'ioredis';
import { RateLimiter } from './rate-limiter.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RateLimiter (Redis)', () => {
  const prefix = testRedisPrefix();
  let redis: Redis;
  const masterKey = Buffer.alloc(32, 7);
  const limiter = (limit: number, windowMs = 60_000, connection = redis) =>
    new RateLimiter(connection, { limit, windowMs, keyPrefix: `${prefix}:rate:`, masterKey });

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await cleanupRedis(REDIS_URL, prefix);
    await redis.quit();
  });

  it('allows up to the limit per window, then asks to wait out the window', async () => {
    const l = limiter(2);
    expect(await l.hit('ip:10.0.0.1')).toEqual({ allowed: true, remaining: 1 });
    expect(await l.hit('ip:10.0.0.1')).toEqual({ allowed: true, remaining: 0 });
    const refused = await l.hit('ip:10.0.0.1');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
  });

  it('counts callers separately, and every limiter on the same Redis into the same window', async () => {
    const other = new Redis(REDIS_URL);
    try {
      const a = limiter(3);
      const b = limiter(3, 60_000, other); // another replica, on its own connection
      expect((await a.hit('user:1')).allowed).toBe(true);
      expect((await b.hit('user:1')).allowed).toBe(true);
      expect((await a.hit('user:2')).allowed).toBe(true);
      expect((await b.hit('user:1')).allowed).toBe(true);
      expect((await a.hit('user:1')).allowed).toBe(false);
      expect((await b.hit('user:2')).allowed).toBe(true);
    } finally {
      await other.quit();
    }
  });

  it('starts a new window when the old one expires', async () => {
    const l = limiter(1, 200);
    expect((await l.hit('ip:10.0.0.2')).allowed).toBe(true);
    expect((await l.hit('ip:10.0.0.2')).allowed).toBe(false);
    await waitFor(async () => (await l.hit('ip:10.0.0.2')).allowed, { timeoutMs: 5000 });
  });

  it('keeps only keyed hashes of callers in Redis, with an expiry', async () => {
    await limiter(5).hit('ip:192.168.77.5');
    const keys = await redis.keys(`${prefix}:rate:*`);
    expect(keys.join()).not.toMatch(/192\.168|user:|ip:/);
    // -1 would be a key kept for ever; -2 is one that expired (another test’s short window) since KEYS.
    for (const key of keys) expect(await redis.pttl(key)).not.toBe(-1);
  });
});
