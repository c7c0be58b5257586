/** One dependency the app needs to serve traffic; `check` rejects (or hangs) when it is down. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export type CheckStatus = 'up' | 'down';

export interface ReadinessReport {
  status: 'ok' | 'error';
  checks: Record<string, CheckStatus>;
  /** Internal only (for logging): why a check failed. Never sent to the client. */
  failures: { name: string; error: unknown }[];
}

/** Resolves when `promise` does, rejects when it rejects or `ms` passes first. */
async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.allSettled(
    checks.map((c) =>
      withTimeout(
        Promise.resolve().then(() => c.check()),
        timeoutMs,
      ),
    ),
  );
  const report: ReadinessReport = { status: 'ok', checks: {}, failures: [] };
  results.forEach((result, i) => {
    const name = checks[i].name;
    if (result.status === 'fulfilled') {
      report.checks[name] = 'up';
    } else {
      report.checks[name] = 'down';
      report.status = 'error';
      report.failures.push({ name, error: result.reason });
    }
  });
  return report;
}

/** Ready when `SELECT 1` succeeds on the TypeORM DataSource (or anything with `query`). */
export function postgresReadiness(
  dataSource: { query(sql: string): Promise<unknown> },
  name = 'postgres',
): ReadinessCheck {
  return {
    name,
    async check() {
      await dataSource.query('SELECT 1');
    },
  };
}

/** Ready when Redis answers PING (an ioredis client or anything with `ping`). */
export function redisReadiness(redis: { ping(): Promise<string> }, name = 'redis'): ReadinessCheck {
  return {
    name,
    async check() {
      const reply = await redis.ping();
      if (reply !== 'PONG') throw new Error('unexpected PING reply');
    },
  };
}
