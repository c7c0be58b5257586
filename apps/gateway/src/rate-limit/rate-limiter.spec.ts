import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows up to the limit per window, then asks to wait until the window resets', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.hit('a')).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.hit('a')).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now += 30_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_000;
    expect(limiter.hit('a')).toEqual({ allowed: true, remaining: 1 });
  });

  it('counts callers separately', () => {
    const limiter = new RateLimiter(1, 60_000);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
  });
});
