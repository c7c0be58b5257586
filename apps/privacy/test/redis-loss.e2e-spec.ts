import { WORKER_SERVICES } from '@offera/config';
import type { QueueName } from '@offera/contracts';
import { RedisRecovery } from '@offera/runtime';
import { waitFor } from '@offera/testing';
import { Queue } from 'bullmq';
import request from 'supertest';
import { bearer, register, type Registered } from '../../../test/support/api.js';
import { MailSink } from '../../../test/support/mail-sink.js';
import { PrivateRedis } from '../../../test/support/private-redis.js';
import { TestSystem } from '../../../test/support/system.js';

const N = 24;
const OUTCOME_SUBJECT = 'Henkilötietosi on poistettu';

/** Each service's repeatable jobs (BullMQ job schedulers), by queue. */
const SCHEDULES: Readonly<Record<QueueName, readonly string[]>> = {
  customers: ['customers.purge-expired-ips', 'customers.rotate-identity-codes'],
  orders: ['orders.expire-offers', 'orders.materialise-series', 'orders.purge-expired-invoices'],
  notifications: ['notifications.purge-expired'],
  privacy: ['privacy.retention-sweep', 'privacy.watchdog-sweep'],
};

/**
 * Postgres is the record of every request; Redis only carries the work in flight. Redis is
 * emptied while erasures run: every erasure accepted before still completes, once, with one
 * outcome notice, and every service's repeatable jobs are registered again.
 */
describe('Privacy: nothing is lost when Redis loses its data', () => {
  let redis: PrivateRedis;
  let mail: MailSink;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: {
        REDIS_URL: redis.url,
        SMTP_URL: mail.url,
        REDIS_RECOVERY_CHECK_MS: '500',
        DELIVERY_BACKOFF_MS: '100',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
    await redis?.stop();
  });

  const schedulers = (queue: QueueName) =>
    redis.run(async (connection) => {
      const q = new Queue(queue, { connection, prefix: system.prefix });
      try {
        return (await q.getJobSchedulers()).map((s) => s.key).sort();
      } finally {
        await q.close();
      }
    });

  const allSchedules = async () =>
    Object.fromEntries(
      await Promise.all(WORKER_SERVICES.map(async (q) => [q, await schedulers(q)] as const)),
    );

  const statuses = async (ids: readonly string[]) =>
    system.sql<{ id: string; status: string }>('SELECT id, status FROM privacy.requests WHERE id = ANY($1)', [
      ids,
    ]);

  const outcomes = (c: Registered) => mail.to(c.email).filter((m) => m.subject === OUTCOME_SUBJECT);

  it(`completes all ${N} erasures in flight once each, with one outcome notice each`, async () => {
    expect(await allSchedules()).toEqual(SCHEDULES);
    const customers: Registered[] = [];
    for (let i = 0; i < N; i += 1) customers.push(await register(system.url));

    const accepted = await Promise.all(
      customers.map((c) =>
        request(system.url)
          .post('/api/v1/privacy/requests')
          .set(bearer(c.accessToken))
          .send({ type: 'erasure' })
          .expect(202),
      ),
    );
    const ids = accepted.map((r) => (r.body as { id: string }).id);

    // Redis loses everything while the erasures run.
    await redis.flush();
    const lostAt = Date.now();
    const doneAtLoss = (await statuses(ids)).filter((r) => r.status === 'completed').length;
    expect(doneAtLoss).toBeLessThan(N);

    await waitFor(async () => (await statuses(ids)).every((r) => r.status === 'completed'), {
      timeoutMs: 90_000,
      intervalMs: 200,
      description: 'every erasure to complete after Redis lost its data',
    });
    const completedAfterMs = Date.now() - lostAt;

    // Each completed exactly once, with every service's receipt; a step run again answered with
    // the receipt it kept (the customers service erased the record, so a re-run finds nothing
    // and would otherwise report nothing).
    const completions = await system.sql<{ request_id: string; n: number }>(
      `SELECT request_id, count(*)::int AS n FROM privacy.request_transitions
        WHERE request_id = ANY($1) AND to_status = 'completed' GROUP BY request_id`,
      [ids],
    );
    expect(completions).toHaveLength(N);
    expect(completions.every((c) => c.n === 1)).toBe(true);
    const receipts = await system.sql<{
      request_id: string;
      service: string;
      erased: Record<string, number>;
    }>('SELECT request_id, service, erased FROM privacy.request_receipts WHERE request_id = ANY($1)', [ids]);
    expect(receipts).toHaveLength(4 * N);
    for (const r of receipts.filter((x) => x.service === 'customers'))
      expect(Object.values(r.erased).some((n) => n > 0)).toBe(true);

    // The flows Redis lost were launched again from the record, each launch audited.
    const relaunched = await system.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM privacy.audit_log WHERE action = 'request.relaunched' AND request_id = ANY($1)`,
      [ids],
    );
    expect(relaunched[0].n).toBeGreaterThan(0);

    // One outcome notice each: wait for all, then for nothing more to be on its way.
    await waitFor(() => customers.every((c) => outcomes(c).length >= 1), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: 'every subject to get the outcome notice',
    });
    await waitFor(
      async () => {
        const [{ n }] = await system.sql<{ n: number }>(
          `SELECT (SELECT count(*) FROM privacy.outbox) + (SELECT count(*) FROM notifications.outbox)
                + (SELECT count(*) FROM notifications.outgoing_messages WHERE status IN ('pending','sending'))
                  AS n`,
        );
        const counts = await redis.run(async (connection) => {
          const q = new Queue('notifications', { connection, prefix: system.prefix });
          try {
            return await q.getJobCounts('waiting', 'active', 'prioritized');
          } finally {
            await q.close();
          }
        });
        return Number(n) === 0 && Object.values(counts).every((c) => c === 0);
      },
      { timeoutMs: 30_000, intervalMs: 200, description: 'the notifications to settle' },
    );
    expect(customers.map((c) => outcomes(c).length)).toEqual(customers.map(() => 1));

    // Every service noticed the loss and registered its repeatable jobs again.
    await waitFor(async () => JSON.stringify(await allSchedules()) === JSON.stringify(SCHEDULES), {
      timeoutMs: 10_000,
      description: 'every schedule to be registered again',
    });
    for (const service of WORKER_SERVICES)
      expect(system.services.get(service)?.get(RedisRecovery).restored).toBeGreaterThanOrEqual(1);

    process.stdout.write(
      `redis-loss: ${N} erasures, ${doneAtLoss} complete at the loss, ${N} of ${N} complete ` +
        `${completedAfterMs} ms after it\n`,
    );
  }, 240_000);
});
