import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { cleanupRedis, createTestDatabase, type TestDatabase } from '@offera/testing';
import { BullMqClient, MessageBus } from '@offera/transport';
import { SETUP_PLAN } from '../scripts/setup-plan.js';
import { type CleanupSteps, runBenchmark } from './lifecycle.js';
import { CpuMeter } from './cpu.js';
import { ErasureWatcher } from './erasure.js';
import { HttpClient } from './http-client.js';
import {
  type BracketedOptions,
  bracketed,
  interleaved,
  type InterleavedOptions,
  type Measured,
  type Side,
} from './pairs.js';
import { echoWorker, rawFlowSide, rawRequestReplySide, type RunContext } from './raw-sides.js';
import { CONCURRENCY, ECHO_MESSAGE, ECHO_PAYLOAD, ECHO_ROUTING, phasePrefix } from './shared.js';
import { waitForQuietQueues } from './quiet.js';
import { progress, round } from './stats.js';
import { BenchSystem } from './system.js';

/**
 * `npm run bench`: the transport round trip, the authenticated profile read and the erasure
 * fan-out at 64 in flight, each measured in alternating slices with its raw BullMQ baseline,
 * so every result is also a ratio. JSON on stdout, progress on stderr.
 */
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** Request/reply pairs: alternating short slices, since a round trip takes milliseconds. */
const REQUEST_REPLY: InterleavedOptions = {
  concurrency: CONCURRENCY,
  maxOps: 200_000,
  warmupMs: intEnv('BENCH_WARMUP_MS', 1000),
  rounds: intEnv('BENCH_ROUNDS', 5),
  sliceMs: intEnv('BENCH_SLICE_MS', 1000),
};
/** Flows: raw before and after the erasures, which run as one batch until all are completed. */
const FLOWS: BracketedOptions = {
  concurrency: CONCURRENCY,
  maxOps: 200_000,
  baselineMs: intEnv('BENCH_FLOW_MS', 2500),
  baselineWarmupMs: 1000,
  subjectMaxMs: intEnv('BENCH_ERASURE_MAX_MS', 30_000),
};
/** Erasures in the batch (one registered customer each): five rounds of 64. */
const ERASURES = intEnv('BENCH_ERASURES', 320);

const prefix = `offera_bench_${randomBytes(6).toString('hex')}`;
const cleanups: CleanupSteps = [];
const run: RunContext = { redisUrl, prefix, cleanups };

interface Tokens {
  readonly accessToken: string;
  readonly customerId: string;
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

const register = (http: HttpClient) =>
  http.expect<Tokens>(201, 'POST', '/api/v1/auth/register', { body: newCustomer() });

async function registerMany(http: HttpClient, n: number): Promise<Tokens[]> {
  const started = Date.now();
  const out: Tokens[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        out.push(await register(http));
      }
    }),
  );
  progress(`registered ${n} customers in ${Date.now() - started} ms`);
  return out;
}

/** The transport's client.send() to a tiny Nest microservice with one echo handler. */
async function transportSide(): Promise<Side> {
  const keyPrefix = phasePrefix(prefix, 'transport');
  const key = randomBytes(32);
  const worker = await echoWorker(run, 'transport', keyPrefix, { BENCH_KEY: key.toString('base64') });
  const client = new BullMqClient({
    redis: { url: redisUrl },
    prefix: keyPrefix,
    encryptionKey: key,
    routing: ECHO_ROUTING,
    name: 'bench',
  });
  await client.connect();
  cleanups.push(() => client.close());
  const bus = new MessageBus(client);
  return {
    name: 'transport client.send()',
    servers: [worker],
    op: async () => {
      await bus.send(ECHO_MESSAGE as never, ECHO_PAYLOAD as never);
    },
  };
}

/**
 * GET /me for 64 customers in turn. The gateway keeps profiles in memory (dropped on every
 * change); `fromRegister` sends `Cache-Control: no-cache`, so each read crosses the transport to
 * the customers service and its database.
 */
async function gatewayMeSide(http: HttpClient, system: BenchSystem, fromRegister: boolean): Promise<Side> {
  const customers = await registerMany(http, CONCURRENCY);
  const headers = fromRegister ? { 'cache-control': 'no-cache' } : undefined;
  let n = 0;
  return {
    name: fromRegister ? 'GET /api/v1/me (Cache-Control: no-cache)' : 'GET /api/v1/me',
    servers: system.services,
    op: async () => {
      const { accessToken } = customers[n++ % customers.length];
      await http.expect(200, 'GET', '/api/v1/me', { token: accessToken, ...(headers ? { headers } : {}) });
    },
  };
}

async function erasureSide(http: HttpClient, db: TestDatabase, system: BenchSystem): Promise<Side> {
  const pool = await registerMany(http, ERASURES);
  await waitForQuietQueues(redisUrl, prefix);
  const watcher = await ErasureWatcher.open(db.adminUrl);
  cleanups.push(() => watcher.close());
  return {
    name: 'erasure fan-out',
    servers: system.services,
    op: async () => {
      const customer = pool.pop();
      if (!customer) return false;
      const startedAt = Date.now();
      const { id } = await http.expect<{ id: string }>(202, 'POST', '/api/v1/privacy/requests', {
        token: customer.accessToken,
        body: { type: 'erasure' },
      });
      // Latency up to the service's own completion time, not the poll that noticed it.
      const completedAt = await watcher.completion(id);
      return Math.max(0, completedAt - startedAt);
    },
  };
}

const details = (m: Measured) => ({
  p50Ms: round(m.p50Ms),
  p99Ms: round(m.p99Ms),
  n: m.ops,
  errors: m.errors,
  seconds: m.seconds,
  ...(m.starved ? { starved: true } : {}),
  cpuPctOfOneCore: m.cpu,
});

async function main(): Promise<void> {
  const began = Date.now();
  // Other work on the machine skews every number; record how busy it was at the start.
  const loadAtStart = round(loadavg()[0], 2);
  progress(`prefix ${prefix}; setting up the bench database`);
  const db = await createTestDatabase(SETUP_PLAN);
  progress(`database ${db.name}`);
  cleanups.push(() => db.drop());
  cleanups.push(() => cleanupRedis(redisUrl, prefix));
  const meter = await CpuMeter.open(redisUrl);
  cleanups.push(() => Promise.resolve(meter.close()));

  const rawReply = await rawRequestReplySide(run);
  const rawFlow = await rawFlowSide(run);
  const transport = await interleaved(meter, rawReply, await transportSide(), REQUEST_REPLY);

  const system = new BenchSystem();
  cleanups.push(() => system.stop());
  progress('starting the gateway and the four services');
  await system.start({ redisUrl, prefix, db });
  const http = new HttpClient(system.url, CONCURRENCY);
  cleanups.push(() => Promise.resolve(http.close()));
  const me = await interleaved(meter, rawReply, await gatewayMeSide(http, system, false), REQUEST_REPLY);
  const meFromRegister = await interleaved(
    meter,
    rawReply,
    await gatewayMeSide(http, system, true),
    REQUEST_REPLY,
  );
  const erasure = await bracketed(meter, rawFlow, await erasureSide(http, db, system), FLOWS);

  const ratio = (a: Measured, b: Measured) => round(a.perSecond / b.perSecond, 3);
  const transportRatio = ratio(transport.subject, transport.baseline);
  const meRatio = ratio(me.subject, me.baseline);
  const meFromRegisterRatio = ratio(meFromRegister.subject, meFromRegister.baseline);
  const erasureRatio = ratio(erasure.subject, erasure.baseline);
  const result = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      loadAvg1mAtStart: loadAtStart,
      concurrency: CONCURRENCY,
      method:
        'closed loops of 64; transport and /me alternate 1 s slices with raw request/reply ' +
        '(A B A B ...); the erasure batch (N requests, from the first POST to the last completion) ' +
        'runs between two raw-flow windows (A B A); each ratio is against the raw windows of its own pair',
    },
    raw: {
      requestReply: { rps: Math.round(transport.baseline.perSecond), ...details(transport.baseline) },
      requestReplyBesideServices: { rps: Math.round(me.baseline.perSecond), ...details(me.baseline) },
      flow4: { fps: Math.round(erasure.baseline.perSecond), ...details(erasure.baseline) },
    },
    transport: {
      rps: Math.round(transport.subject.perSecond),
      ...details(transport.subject),
      ratioToRaw: transportRatio,
    },
    gatewayMe: { rps: Math.round(me.subject.perSecond), ...details(me.subject), ratioToRaw: meRatio },
    gatewayMeFromRegister: {
      rps: Math.round(meFromRegister.subject.perSecond),
      ...details(meFromRegister.subject),
      ratioToRaw: meFromRegisterRatio,
    },
    erasure: {
      perSecond: round(erasure.subject.perSecond, 1),
      ...details(erasure.subject),
      ratioToRawFlow: erasureRatio,
    },
    targets: {
      transport: { minRatio: 0.85, ratio: transportRatio, pass: transportRatio >= 0.85 },
      gatewayMe: {
        minRatio: 0.6,
        ratio: meRatio,
        maxP99Ms: 40,
        p99Ms: round(me.subject.p99Ms),
        pass: meRatio >= 0.6 && me.subject.p99Ms <= 40,
      },
      erasure: { minRatio: 0.5, ratio: erasureRatio, pass: erasureRatio >= 0.5 },
    },
  };
  progress(`measured in ${Math.round((Date.now() - began) / 1000)} s; cleaning up`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await runBenchmark(cleanups, main);
