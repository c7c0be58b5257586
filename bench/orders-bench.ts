import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { withPgClient } from '@offera/database';
import { cleanupRedis, createTestDatabase, waitFor } from '@offera/testing';
import { SETUP_PLAN } from '../scripts/setup-plan.js';
import { HttpClient } from './http-client.js';
import { CpuMeter } from './cpu.js';
import { type CleanupSteps, runBenchmark } from './lifecycle.js';
import { bracketed, type Side } from './pairs.js';
import { rawRequestReplySide } from './raw-sides.js';
import { CONCURRENCY } from './shared.js';
import { progress, round } from './stats.js';
import { BenchSystem } from './system.js';

/**
 * `node dist/bench/orders-bench.js` (after `npm run build`): `POST /api/v1/orders` through the
 * gateway at 64 concurrent clients, against the whole system run as separate processes on
 * its own database and queue prefix, beside the raw BullMQ request/reply loop measured in the
 * same run. Afterwards it checks that every accepted order was persisted, its `order.placed`
 * left the outbox and reached the notifications service. JSON on stdout, progress on stderr.
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
const cleanups: CleanupSteps = [];

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

async function main(): Promise<void> {
  const loadAtStart = round(loadavg()[0], 2);
  progress(`prefix ${prefix}; setting up the bench database`);
  const db = await createTestDatabase(SETUP_PLAN);
  cleanups.push(() => db.drop());
  cleanups.push(() => cleanupRedis(redisUrl, prefix));
  const meter = await CpuMeter.open(redisUrl);
  cleanups.push(() => Promise.resolve(meter.close()));
  const rawReply = await rawRequestReplySide({ redisUrl, prefix, cleanups });
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
  const subject: Side = {
    name:
      OP === 'place'
        ? 'POST /api/v1/orders'
        : OP === 'quote'
          ? 'POST /api/v1/orders/quote'
          : 'GET /api/v1/me',
    servers: system.services,
    op: async () => {
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
  };
  // Raw request/reply before and after (A B A): the orders' event fan-out keeps the services
  // busy for a while after the window, and weighs on the second raw window.
  const pair = await bracketed(meter, rawReply, subject, {
    concurrency: CONCURRENCY,
    maxOps: 10_000_000,
    baselineMs: 3000,
    baselineWarmupMs: 1000,
    subjectMaxMs: DURATION_MS,
    subjectWindow: { warmupMs: WARMUP_MS, durationMs: DURATION_MS },
  });
  const result = pair.subject;
  const ratio = round(result.perSecond / pair.baseline.perSecond, 3);
  progress(`placed ${placed.length} orders; checking persistence, the outbox and delivery of order.placed`);

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
  // Received by a subscriber: the notifications service's order confirmation, one per order.
  const delivered = () =>
    count(
      "SELECT count(*) AS n FROM notifications.outgoing_messages WHERE template = 'order-received' AND params->>'orderId' = ANY($1)",
      [placed],
    );
  // On timeout the counts below show what was missing, rather than failing the run.
  await waitFor(async () => (await unpublished()) === 0 && (await delivered()) === persisted, {
    timeoutMs: 120_000,
    intervalMs: 200,
  }).catch(() => undefined);
  const outboxEventsPublished = persisted - (await unpublished());
  const eventsReceivedByNotifications = await delivered();

  process.stdout.write(
    `${JSON.stringify(
      {
        operation: OP,
        concurrency: CONCURRENCY,
        loadAvg1mAtStart: loadAtStart,
        method:
          'closed loop of 64 through the gateway; raw request/reply (Queue.add → Worker → pub/sub reply) ' +
          'measured in the same run before and after (A B A); the ratio is against both raw windows',
        raw: {
          rps: Math.round(pair.baseline.perSecond),
          p50Ms: round(pair.baseline.p50Ms),
          p99Ms: round(pair.baseline.p99Ms),
        },
        seconds: result.seconds,
        ordersPerSecond: round(result.perSecond, 1),
        p50Ms: round(result.p50Ms, 2),
        p99Ms: round(result.p99Ms, 2),
        errors: result.errors,
        cpuPctOfOneCore: result.cpu,
        ratioToRaw: ratio,
        ...(OP === 'place'
          ? {
              placed: placed.length,
              persisted,
              outboxEventsPublished,
              eventsReceivedByNotifications,
              target: {
                minRatio: 0.4,
                maxP99Ms: 60,
                pass: ratio >= 0.4 && result.p99Ms <= 60 && persisted === placed.length,
              },
            }
          : {}),
      },
      null,
      2,
    )}\n`,
  );
}

await runBenchmark(cleanups, main);
