import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EVENT_SUBSCRIBERS, type SessionResult } from '@offera/contracts';
import { withPgClient } from '@offera/database';
import { transportOptions } from '@offera/runtime';
import {
  cleanupRedis,
  createTestDatabase,
  type TestDatabase,
  testRedisPrefix,
  waitFor,
} from '@offera/testing';
import { BullMqClient, EnvelopeCipher, MessageBus } from '@offera/transport';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadCustomersConfig } from '../../apps/customers/src/config.js';
import { SETUP_PLAN } from '../../scripts/setup-plan.js';
import { REDIS_URL } from '../support/system.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JOBS = 40;
const SHUTDOWN_TIMEOUT_MS = 20_000;

/** A free TCP port on the loopback interface, for the service's health listener. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * SIGTERM to a real customers process (compiled to a temporary folder: CI runs no build before
 * the tests) while registrations are in flight: none is lost, none runs twice, the outbox is
 * flushed, and the process exits 0 within its grace period.
 */
describe('Graceful shutdown of a service process', () => {
  let build: string;
  let db: TestDatabase;
  let prefix: string;
  let env: Record<string, string>;
  let client: BullMqClient;
  let bus: MessageBus;
  let redis: Redis;
  let queue: Queue;
  const running: Running[] = [];

  beforeAll(async () => {
    build = mkdtempSync(path.join(os.tmpdir(), 'offera-shutdown-'));
    await promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/@swc/cli/bin/swc.js'),
        'apps/customers',
        'libs',
        '-d',
        build,
        '--config-file',
        '.swcrc',
        '--quiet',
        '--ignore',
        '**/*.spec.ts',
      ],
      { cwd: ROOT },
    );
    // The build is ESM and resolves packages from the project's node_modules.
    writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(build, 'node_modules'), 'dir');

    db = await createTestDatabase(SETUP_PLAN);
    prefix = testRedisPrefix();
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: db.serviceUrls.customers,
      WORKER_CONCURRENCY: '4',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };
    client = new BullMqClient({
      ...transportOptions(loadCustomersConfig(env)),
      requestTimeoutMs: 60_000,
      name: 'shutdown-test',
    });
    await client.connect();
    bus = new MessageBus(client);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('customers', { connection: redis, prefix });
  }, 60_000);

  afterAll(async () => {
    for (const r of running)
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await client?.close();
    await queue?.close();
    await redis?.quit();
    if (prefix) await cleanupRedis(REDIS_URL, prefix);
    await db?.drop();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  async function startService(): Promise<Running> {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(build, 'apps/customers/src/main.js')], {
      cwd: build,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const service = { child, port, output, exited };
    running.push(service);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the service exited early:\n${output.join('')}`);
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return res.status === 200;
      },
      { timeoutMs: 20_000, description: 'the customers process to be ready' },
    );
    return service;
  }

  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withPgClient(db.adminUrl, async (c) => (await c.query<T>(text, params)).rows);
  const accountCount = async () =>
    Number((await sql<{ n: string }>('SELECT count(*) AS n FROM customers.accounts'))[0].n);
  const outboxCount = async () =>
    Number((await sql<{ n: string }>('SELECT count(*) AS n FROM customers.outbox'))[0].n);

  /** Registration jobs by state (the queue also holds the service's scheduled jobs). */
  async function registrations(): Promise<Record<'waiting' | 'active' | 'failed' | 'delayed', number>> {
    const states = ['waiting', 'active', 'failed', 'delayed'] as const;
    const counts = await Promise.all(
      states.map(
        async (state) => (await queue.getJobs([state])).filter((j) => j.name === 'customers.register').length,
      ),
    );
    return { waiting: counts[0], active: counts[1], failed: counts[2], delayed: counts[3] };
  }

  it('finishes in-flight jobs, leaves the rest queued, flushes the outbox and exits 0; a new replica does the rest once', async () => {
    const first = await startService();

    const emails = Array.from({ length: JOBS }, (_, i) => `shutdown.${i}.${prefix}@example.fi`);
    const replies = new Map<string, SessionResult>();
    const errors: unknown[] = [];
    const sent = emails.map((email) =>
      bus
        .send('customers.register', {
          firstName: 'Aino',
          lastName: 'Virtanen',
          email,
          password: 'correct horse battery staple',
        })
        .then(
          (r) => void replies.set(email, r),
          (e: unknown) => void errors.push(e),
        ),
    );

    // Some registrations done and some running: now the pod is told to stop.
    const cipher = new EnvelopeCipher(loadCustomersConfig(env).messageEncryptionKey);
    const inFlight = await waitFor(
      async () => {
        if ((await accountCount()) === 0) return null;
        const active = (await queue.getJobs(['active'])).filter(
          (job): job is NonNullable<typeof job> => job?.name === 'customers.register',
        );
        return active.length > 0 ? active : null;
      },
      { intervalMs: 5, timeoutMs: 15_000, description: 'registrations in flight' },
    );
    const inFlightEmails = inFlight.map((job) => {
      const { s } = job.data as { s: string };
      return cipher.open<{ email: string }>(s, job.name).email;
    });
    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');

    const exit = await first.exited;
    expect({ ...exit, output: exit.code === 0 ? '' : first.output.join('') }).toEqual({
      code: 0,
      signal: null,
      output: '',
    });
    expect(Date.now() - stoppedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // Nothing was left running or failed; what it had not started waits for another replica.
    const afterFirst = await registrations();
    const done = await accountCount();
    expect(afterFirst).toEqual({ waiting: JOBS - done, active: 0, failed: 0, delayed: 0 });
    expect(afterFirst.waiting).toBeGreaterThan(0);
    // The jobs in flight at SIGTERM finished, and each was answered.
    // Every finished job, including those in flight at SIGTERM, was answered once.
    await waitFor(() => replies.size === done && inFlightEmails.every((email) => replies.has(email)), {
      description: 'the replies of the jobs in flight at SIGTERM',
    });
    // Events their transactions wrote were published before the process exited.
    expect(await outboxCount()).toBe(0);

    const second = await startService();
    await Promise.all(sent);
    expect(errors).toEqual([]);
    expect(replies.size).toBe(JOBS);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // Every registration's effect exactly once.
    const rows = await sql<{ id: string; email: string }>('SELECT id, email FROM customers.accounts');
    expect(rows.map((r) => r.email).sort()).toEqual([...emails].sort());
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set([...replies.values()].map((r) => r.accountId)));
    expect(await outboxCount()).toBe(0);
    expect(await registrations()).toEqual({
      waiting: 0,
      active: 0,
      failed: 0,
      delayed: 0,
    });

    // Each job was started once: one `active` event per job in the queue's event stream, no stall.
    const events = await redis.xrange(`${prefix}:customers:events`, '-', '+');
    const started = new Map<string, number>();
    const kinds = new Set<string>();
    for (const [, fields] of events) {
      const record = Object.fromEntries(
        fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]])),
      );
      kinds.add(record.event);
      // Scheduled jobs (`repeat:` ids) are not registrations.
      if (record.event === 'active' && !record.jobId.startsWith('repeat:'))
        started.set(record.jobId, (started.get(record.jobId) ?? 0) + 1);
    }
    expect(started.size).toBe(JOBS);
    expect([...started.values()].every((n) => n === 1)).toBe(true);
    expect(kinds.has('stalled')).toBe(false);
    expect(kinds.has('failed')).toBe(false);

    // Each registration's event reached every subscriber exactly once.
    for (const subscriber of EVENT_SUBSCRIBERS['customer.registered'] ?? []) {
      const q = new Queue(subscriber, { connection: redis, prefix });
      try {
        const jobs = (await q.getJobs(['waiting', 'delayed', 'completed', 'active', 'failed'])).filter(
          (j) => j.name === 'customer.registered',
        );
        expect({ subscriber, events: jobs.length }).toEqual({ subscriber, events: JOBS });
        expect(new Set(jobs.map((j) => j.id)).size).toBe(JOBS);
      } finally {
        await q.close();
      }
    }
  }, 90_000);
});
