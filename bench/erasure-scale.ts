import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { connectPg, type PgClient } from '@offera/database';
import { cleanupRedis, createTestDatabase, type TestDatabase } from '@offera/testing';
import { SETUP_PLAN } from '../scripts/setup-plan.js';
import { type CleanupSteps, runBenchmark } from './lifecycle.js';
import { ErasureWatcher } from './erasure.js';
import { HttpClient } from './http-client.js';
import { closedLoop, type LoadResult, summarise } from './load.js';
import { waitForQuietQueues } from './quiet.js';
import type { Side } from './pairs.js';
import { rawFlowSide } from './raw-sides.js';
import { CONCURRENCY } from './shared.js';
import { progress, round } from './stats.js';
import { BenchSystem } from './system.js';

/**
 * Erasure at scale: a batch of subjects with orders and notifications erased through the
 * gateway, first among 10,000 customers and then among 1,000,000 (background rows made in SQL),
 * beside the raw 4-child BullMQ flow rate in the same run. JSON on stdout, progress on stderr.
 */
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

const SMALL = intEnv('BENCH_SMALL_POPULATION', 10_000);
const LARGE = intEnv('BENCH_LARGE_POPULATION', 1_000_000);
/** Subjects erased per batch (each registered through the gateway, with orders and messages). */
const BATCH = intEnv('BENCH_ERASURE_BATCH', 200);
const RAW_FLOW_MS = intEnv('BENCH_FLOW_MS', 3000);
/** Background rows inserted per statement, so one transaction never holds a million rows. */
const CHUNK = 200_000;
/** Every tenth background customer has orders and notifications, as real customers would. */
const ACTIVE_EVERY = 10;
const ORDERS_PER_SUBJECT = 2;
const MESSAGES_PER_SUBJECT = 3;

const prefix = `offera_bench_${randomBytes(6).toString('hex')}`;
const cleanups: CleanupSteps = [];

interface Tokens {
  readonly accessToken: string;
  readonly customerId: string;
}

interface Batch {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly n: number;
  readonly errors: number;
  readonly seconds: number;
}

/** Letters only, as names are validated. */
function newCustomer() {
  const tag = [...randomUUID().replace(/-/g, '').slice(0, 12)]
    .map((h) => 'abcdefghijklmnop'[parseInt(h, 16)])
    .join('');
  return {
    firstName: `Bench${tag}`,
    lastName: `Penkki${tag}`,
    email: `bench.${tag}@example.fi`,
    password: 'correct horse battery staple',
  };
}

async function registerMany(http: HttpClient, n: number): Promise<Tokens[]> {
  const started = Date.now();
  const out: Tokens[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
      while (next < n) {
        next++;
        out.push(await http.expect<Tokens>(201, 'POST', '/api/v1/auth/register', { body: newCustomer() }));
      }
    }),
  );
  progress(`registered ${n} subjects in ${Date.now() - started} ms`);
  return out;
}

/** Orders and outgoing messages for the subjects, as placing orders would leave them. */
async function giveSubjectsData(pg: PgClient, subjects: readonly Tokens[]): Promise<void> {
  const ids = subjects.map((s) => s.customerId);
  await pg.query(
    `INSERT INTO orders.orders (id, customer_id, status, service_code, starts_at, duration_minutes,
       frequency, address, postal_code, payment_method, price_snapshot, total_cents, work_cents,
       deduction_cents)
     SELECT gen_random_uuid(), s.id, 'completed', 'bench', now() - interval '7 days', 120, 'once',
       '{"street":"Penkkitie 1","city":"Helsinki"}'::jsonb, '00100', 'invoice', '{}'::jsonb,
       9900, 8000, 0
       FROM unnest($1::uuid[]) AS s(id), generate_series(1, $2::int)`,
    [ids, ORDERS_PER_SUBJECT],
  );
  await pg.query(
    `INSERT INTO notifications.outgoing_messages (source_event_id, recipient_id, template, channel, status)
     SELECT gen_random_uuid(), s.id, 'order-confirmation', 'email', 'sent'
       FROM unnest($1::uuid[]) AS s(id), generate_series(1, $2::int)`,
    [ids, MESSAGES_PER_SUBJECT],
  );
}

async function customerCount(pg: PgClient): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM customers.customers`);
  return Number(rows[0].n);
}

/**
 * Background customers numbered `from..to-1`: account, customer row and, for every tenth, an
 * order and a sent message. Ids are derived from the number, so chunks join without lookups.
 */
async function addBackground(pg: PgClient, from: number, to: number): Promise<void> {
  const id = `md5('bench-pop-' || n)::uuid`;
  for (let lo = from; lo < to; lo += CHUNK) {
    const hi = Math.min(to, lo + CHUNK) - 1;
    const started = Date.now();
    await pg.query(
      `INSERT INTO customers.accounts (id, role, email)
       SELECT ${id}, 'customer', 'pop.' || n || '@bench.invalid' FROM generate_series($1::int, $2::int) AS n`,
      [lo, hi],
    );
    await pg.query(
      `INSERT INTO customers.customers (id, first_name, last_name)
       SELECT ${id}, 'Pop', 'Ulation' FROM generate_series($1::int, $2::int) AS n`,
      [lo, hi],
    );
    await pg.query(
      `INSERT INTO orders.orders (id, customer_id, status, service_code, starts_at, duration_minutes,
         frequency, address, postal_code, payment_method, price_snapshot, total_cents, work_cents,
         deduction_cents)
       SELECT gen_random_uuid(), ${id}, 'completed', 'bench', now() - (n % 365) * interval '1 day', 120,
         'once', '{"street":"Taustatie 1","city":"Espoo"}'::jsonb, '02100', 'invoice', '{}'::jsonb,
         9900, 8000, 0
         FROM generate_series($1::int, $2::int) AS n WHERE n % $3::int = 0`,
      [lo, hi, ACTIVE_EVERY],
    );
    await pg.query(
      `INSERT INTO notifications.outgoing_messages (source_event_id, recipient_id, template, channel, status)
       SELECT gen_random_uuid(), ${id}, 'order-confirmation', 'email', 'sent'
         FROM generate_series($1::int, $2::int) AS n WHERE n % $3::int = 0`,
      [lo, hi, ACTIVE_EVERY],
    );
    progress(`background customers ${lo}..${hi} in ${Date.now() - started} ms`);
  }
  await pg.query(`ANALYZE`);
}

/** One batch of erasures at 64 in flight, from the first POST to the last completion. */
async function eraseBatch(http: HttpClient, watcher: ErasureWatcher, subjects: Tokens[]): Promise<Batch> {
  const pool = [...subjects];
  const run = await closedLoop(
    async () => {
      const subject = pool.pop();
      if (!subject) return false;
      const startedAt = Date.now();
      const { id } = await http.expect<{ id: string }>(202, 'POST', '/api/v1/privacy/requests', {
        token: subject.accessToken,
        body: { type: 'erasure' },
      });
      // Latency up to the service's own completion time, not the poll that noticed it.
      return Math.max(0, (await watcher.completion(id)) - startedAt);
    },
    {
      concurrency: CONCURRENCY,
      warmupMs: 0,
      durationMs: 120_000,
      maxOps: subjects.length + CONCURRENCY,
      untilDrained: true,
    },
  );
  const r: LoadResult = summarise([run]);
  progress(`erased ${r.ops}: ${round(r.perSecond, 1)}/s, p50 ${round(r.p50Ms)} ms, p99 ${round(r.p99Ms)} ms`);
  return {
    perSecond: round(r.perSecond, 1),
    p50Ms: round(r.p50Ms),
    p99Ms: round(r.p99Ms),
    n: r.ops,
    errors: r.errors,
    seconds: r.seconds,
  };
}

/** The raw 4-child flow rate at 64 in flight (after a 1 s warm-up). */
async function rawFlowRate(flows: Side): Promise<LoadResult> {
  const r = summarise([
    await closedLoop(flows.op, {
      concurrency: CONCURRENCY,
      warmupMs: 1000,
      durationMs: RAW_FLOW_MS,
      maxOps: 1_000_000,
    }),
  ]);
  progress(`raw 4-child flow: ${Math.round(r.perSecond)}/s, p50 ${round(r.p50Ms)} ms`);
  return r;
}

async function main(): Promise<void> {
  const began = Date.now();
  const loadAtStart = round(loadavg()[0], 2);
  progress(`prefix ${prefix}; setting up the bench database`);
  const db: TestDatabase = await createTestDatabase(SETUP_PLAN);
  cleanups.push(() => db.drop());
  cleanups.push(() => cleanupRedis(redisUrl, prefix));
  const pg = await connectPg(db.adminUrl);
  cleanups.push(() => pg.end());

  const flows = await rawFlowSide({ redisUrl, prefix, cleanups });

  const system = new BenchSystem();
  cleanups.push(() => system.stop());
  progress('starting the gateway and the four services');
  await system.start({ redisUrl, prefix, db });
  const http = new HttpClient(system.url, CONCURRENCY);
  cleanups.push(() => Promise.resolve(http.close()));

  // Both batches' subjects up front, so each batch erases customers of the same age and shape.
  const subjects = await registerMany(http, 2 * BATCH);
  await giveSubjectsData(pg, subjects);
  await waitForQuietQueues(redisUrl, prefix);
  const watcher = await ErasureWatcher.open(db.adminUrl);
  cleanups.push(() => watcher.close());

  const made = Math.max(0, SMALL - (await customerCount(pg)));
  await addBackground(pg, 0, made);
  const small = await customerCount(pg);
  progress(`population ${small}`);
  const rawBefore = await rawFlowRate(flows);
  const smallBatch = await eraseBatch(http, watcher, subjects.slice(0, BATCH));

  const grow = Math.max(0, LARGE - (await customerCount(pg)));
  await addBackground(pg, made, made + grow);
  const large = await customerCount(pg);
  progress(`population ${large}`);
  await waitForQuietQueues(redisUrl, prefix);
  const rawAfter = await rawFlowRate(flows);
  const largeBatch = await eraseBatch(http, watcher, subjects.slice(BATCH));

  // The raw rate beside both batches: the mean of the windows before each.
  const rawFlow4PerSecond = round((rawBefore.perSecond + rawAfter.perSecond) / 2, 1);
  const latencyRatio = round(largeBatch.p50Ms / smallBatch.p50Ms, 3);
  const p99Ratio = round(largeBatch.p99Ms / smallBatch.p99Ms, 3);
  const ratioSmall = round(smallBatch.perSecond / rawFlow4PerSecond, 3);
  const ratioLarge = round(largeBatch.perSecond / rawFlow4PerSecond, 3);
  const result = {
    machine: {
      cpus: cpus().length,
      loadAvg1mAtStart: loadAtStart,
      concurrency: CONCURRENCY,
      method:
        `${BATCH} subjects per batch (registered through the gateway, ${ORDERS_PER_SUBJECT} orders and ` +
        `${MESSAGES_PER_SUBJECT} messages each) erased at ${CONCURRENCY} in flight, from the first POST ` +
        `to the last completion; background customers made in SQL (every ${ACTIVE_EVERY}th with an ` +
        `order and a message), ANALYZE after each growth; raw 4-child flow measured before each batch`,
    },
    population: { small, large },
    subjectsPerBatch: BATCH,
    erasure: { small: smallBatch, large: largeBatch },
    latencyRatioLargeToSmall: latencyRatio,
    p99RatioLargeToSmall: p99Ratio,
    rawFlow4PerSecond,
    rawFlow4: {
      beforeSmall: round(rawBefore.perSecond, 1),
      beforeLarge: round(rawAfter.perSecond, 1),
    },
    ratioToRawFlow: { small: ratioSmall, large: ratioLarge },
    targets: {
      latencyScaling: { maxRatio: 1.5, ratio: latencyRatio, pass: latencyRatio <= 1.5 },
      erasureVsRawFlow: {
        minRatio: 0.35,
        small: ratioSmall,
        large: ratioLarge,
        pass: ratioSmall >= 0.35 && ratioLarge >= 0.35,
      },
      noErrors: { pass: smallBatch.errors + largeBatch.errors === 0 },
    },
  };
  progress(`measured in ${Math.round((Date.now() - began) / 1000)} s; cleaning up`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await runBenchmark(cleanups, main);
