import { createHash } from 'node:crypto';

/**
 * Fixed-window request counter per caller, in this replica's memory: callers' IPs and ids are
 * never written to Redis. Keys are hashed so a heap dump shows no addresses either.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { resetAt: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns how many remain in the window, or the seconds to wait. */
  hit(caller: string): { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number } {
    const t = this.now();
    this.sweep(t);
    const key = createHash('sha256').update(caller).digest('base64url').slice(0, 22);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { resetAt: t + this.windowMs, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count > this.limit) return { allowed: false, retryAfterSeconds: Math.ceil((w.resetAt - t) / 1000) };
    return { allowed: true, remaining: this.limit - w.count };
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs) return;
    this.lastSweep = t;
    for (const [key, w] of this.windows) if (w.resetAt <= t) this.windows.delete(key);
  }
}
