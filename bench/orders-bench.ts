import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { withPgClient } from '@offera/database';
import { cleanupRedis, createTestDatabase } from '@offera/testing';
import { SETUP_PLAN } from '../scripts/setup-plan.js';
import { HttpClient } from './http-client.js';
import { closedLoop, summarise } from './load.js';
import { CONCURRENCY } from './shared.js';
import { progress, round } from './stats.js';
import { BenchSystem } from './system.js';

/**
 * `node dist/bench/orders-bench.js` (after `npm run build`): `POST /api/v1/orders` through the
 * gateway at 64 concurrent clients, against the whole system run as separate processes on
 * its own database and queue prefix. Afterwards it checks that every accepted order was
 * persisted and its `order.placed` left the outbox. JSON on stdout, progress on stderr.
 */
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const DURATION_MS = intEnv('BENCH_ORDERS_MS', 10_000);
const WARMUP_MS = intEnv('BENCH_WARMUP_MS', 1000);

const OP = process.env.BENCH_ORDERS_OP ?? 'place';
if (!['place', 'quote', 'me'].includes(OP)) throw new Error('BENCH_ORDERS_OP must be place, quote or me');

const prefix = `offera_obench_${randomBytes(6).toString('hex')}`;
const cleanups: (() => Promise<unknown>)[] = [];

interface Tokens {
  readonly accessToken: string;
}

function newCustomer() {
  const tag = [...randomUUID().replace(/-/g, '').slice(0, 12)]
    .map((h) => 'abcdefghijklmnop'[parseInt(h, 16)])
    .join('');
  return {
    firstName: `Bench${tag}`,
    lastName: `Tilaaja${tag}`,
    email: `orders.${tag}@example.fi`,
    password: 'correct horse battery staple',
  };
}

/** A one-off home cleaning some days ahead, spread over a year so visits do not pile up. */
function orderBody(n: number) {
  const start = new Date(Date.now() + (2 + (n % 300)) * 86_400_000);
  start.setUTCHours(7 + (n % 8), 0, 0, 0);
  return {
    serviceCode: 'kotisiivous',
    durationMinutes: 180,
    addOns: [{ code: 'uuni', quantity: 1 }],
    startsAt: start.toISOString(),
    frequency: 'one_off',
    address: { street: 'Penkkikatu 1', postalCode: '00100', city: 'Helsinki' },
    paymentMethod: 'invoice',
  };
}

function quoteBody(n: number) {
  const { serviceCode, durationMinutes, addOns, startsAt, frequency } = orderBody(n);
  return { serviceCode, durationMinutes, addOns, startsAt, frequency };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

async function main(): Promise<void> {
  progress(`prefix ${prefix}; setting up the bench database`);
  const db = await createTestDatabase(SETUP_PLAN);
  cleanups.push(() => db.drop());
  cleanups.push(() => cleanupRedis(redisUrl, prefix));
  const system = new BenchSystem();
  cleanups.push(() => system.stop());
  await system.start({ redisUrl, prefix, db });
  const http = new HttpClient(system.url, CONCURRENCY);
  cleanups.push(() => Promise.resolve(http.close()));

  const customers: Tokens[] = [];
  for (let i = 0; i < CONCURRENCY; i += 16) {
    customers.push(
      ...(await Promise.all(
        Array.from({ length: 16 }, () =>
          http.expect<Tokens>(201, 'POST', '/api/v1/auth/register', { body: newCustomer() }),
        ),
      )),
    );
  }
  progress(`registered ${customers.length} customers; placing orders for ${DURATION_MS} ms`);

  const placed: string[] = [];
  let n = 0;
  const run = await closedLoop(
    async () => {
      const i = n++;
      const token = customers[i % customers.length].accessToken;
      // Diagnostics: the same load on a read-only quote or the profile read, for comparison.
      if (OP === 'quote') {
        await http.expect(200, 'POST', '/api/v1/orders/quote', { token, body: quoteBody(i) });
        return;
      }
      if (OP === 'me') {
        await http.expect(200, 'GET', '/api/v1/me', { token });
        return;
      }
      const order = await http.expect<{ id: string }>(201, 'POST', '/api/v1/orders', {
        token,
        body: orderBody(i),
      });
      placed.push(order.id);
    },
    { concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxOps: 10_000_000 },
  );
  const result = summarise([run]);
  progress(`placed ${placed.length} orders; checking persistence and the outbox`);

  const count = (sql: string, params: unknown[] = []) =>
    withPgClient(db.adminUrl, async (c) => Number((await c.query<{ n: string }>(sql, params)).rows[0].n));
  const persisted = await count('SELECT count(*) AS n FROM orders.orders WHERE id = ANY($1::uuid[])', [
    placed,
  ]);
  const unpublished = () =>
    count(
      "SELECT count(*) AS n FROM orders.outbox WHERE name = 'order.placed' AND payload->>'orderId' = ANY($1)",
      [placed],
    );
  await waitUntil(async () => (await unpublished()) === 0, 30_000);
  const outboxEventsPublished = persisted - (await unpublished());

  process.stdout.write(
    `${JSON.stringify(
      {
        operation: OP,
        concurrency: CONCURRENCY,
        seconds: result.seconds,
        ordersPerSecond: round(result.perSecond, 1),
        p50Ms: round(result.p50Ms, 2),
        p99Ms: round(result.p99Ms, 2),
        errors: result.errors,
        placed: placed.length,
        persisted,
        outboxEventsPublished,
      },
      null,
      2,
    )}\n`,
  );
}

async function cleanup(): Promise<void> {
  for (const fn of cleanups.reverse()) {
    await fn().catch((error: unknown) => progress(`cleanup failed: ${String(error)}`));
  }
}

main()
  .then(cleanup)
  .catch(async (error: unknown) => {
    progress(
      `orders bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    await cleanup();
    process.exitCode = 1;
  });
