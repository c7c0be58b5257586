import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode, type QueueName } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import { TestSystem } from '../support/system.js';

/** One sample of a Prometheus text exposition: its labels and value. */
interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

function samples(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

const find = (text: string, name: string, labels: Record<string, string>): Sample[] =>
  samples(text, name).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('Operations: metrics on every service, and the queue dashboard', () => {
  let system: TestSystem;
  let url: string;
  let customer: Registered;
  let adminToken: string;

  /** Where an app serves probes and metrics: the gateway's internal port, a worker's own. */
  const internal = (app: NestFastifyApplication | undefined) => {
    if (!app) throw new Error('app not running');
    return app === system.gateway ? system.internalUrl : app.getHttpServer();
  };
  const scrape = async (app: NestFastifyApplication | undefined): Promise<string> => {
    const res = await request(internal(app)).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };
  const worker = (name: QueueName) => system.services.get(name);

  beforeAll(async () => {
    system = await TestSystem.start();
    url = system.url;
    adminToken = await system.gateway!.get(JwtService).signAsync({ sub: randomUUID(), role: 'admin' });

    // Traffic: a registration, and an erasure fanning out to every service.
    customer = await register(url);
    const accepted = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(customer.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    // A lookup by id, for the route-pattern metric (answered 200, or 401 once the account is erased).
    await request(url).get(`/api/v1/privacy/requests/${accepted.body.id}`).set(bearer(customer.accessToken));
    // Read over the transport: the subject's token is refused once their account is erased.
    await system.privacyRequestWhen(accepted.body.id as string, customer.customerId, 'completed', 15_000);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('/metrics', () => {
    it('records HTTP latency on the gateway by route pattern, never the raw URL', async () => {
      const text = await scrape(system.gateway);
      const [registered] = find(text, 'http_request_duration_seconds_count', {
        service: 'gateway',
        method: 'POST',
        route: '/api/v1/auth/register',
        status_code: '201',
      });
      expect(registered?.value).toBeGreaterThanOrEqual(1);
      const [lookup] = find(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/privacy/requests/:id',
      });
      expect(lookup?.value).toBeGreaterThanOrEqual(1);
      const buckets = find(text, 'http_request_duration_seconds_bucket', { route: '/api/v1/auth/register' });
      expect(buckets.length).toBeGreaterThan(5);
      expect(text).not.toContain(customer.customerId);
      expect(text).not.toContain(customer.email);
    });

    it('records job durations per message name and outcome on the handling service', async () => {
      const text = await scrape(worker('customers'));
      const [register] = find(text, 'queue_job_duration_seconds_count', {
        service: 'customers',
        queue: 'customers',
        message: 'customers.register',
        outcome: 'completed',
      });
      expect(register?.value).toBeGreaterThanOrEqual(1);
      const [sum] = find(text, 'queue_job_duration_seconds_sum', { message: 'customers.register' });
      expect(sum.value).toBeGreaterThan(0);
      expect(sum.value).toBeLessThan(30);
      // Every service did its part of the erasure.
      for (const service of ['customers', 'orders', 'notifications', 'privacy'] as const) {
        const erase = find(await scrape(worker(service)), 'queue_job_duration_seconds_count', {
          queue: service,
          message: `${service}.erase-subject`,
          outcome: 'completed',
        });
        expect({ service, count: erase[0]?.value }).toEqual({ service, count: 1 });
      }
      // Declared even before the first failure, so alerts have a series to watch.
      expect(text).toMatch(/^# TYPE queue_job_failures_total counter$/m);
      expect(text).toMatch(/^# TYPE queue_job_retries_total counter$/m);
    });

    it('counts a failure by message name when a job exhausts its attempts', async () => {
      const metrics = worker('customers')!;
      // A request whose payload cannot be opened fails every attempt (not a domain error).
      const { Queue } = await import('bullmq');
      const { Redis } = await import('ioredis');
      const connection = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
        maxRetriesPerRequest: null,
      });
      const queue = new Queue('customers', { connection, prefix: system.prefix });
      try {
        await queue.add('customers.get-profile', { s: 'not-a-sealed-payload' }, { attempts: 2, backoff: 10 });
        const text = await waitFor(
          async () => {
            const t = await scrape(metrics);
            return find(t, 'queue_job_failures_total', { message: 'customers.get-profile' })[0]?.value === 1
              ? t
              : null;
          },
          { description: 'the failure to be counted' },
        );
        expect(find(text, 'queue_job_retries_total', { message: 'customers.get-profile' })[0]?.value).toBe(1);
        expect(
          find(text, 'queue_job_duration_seconds_count', {
            message: 'customers.get-profile',
            outcome: 'failed',
          })[0]?.value,
        ).toBe(1);
      } finally {
        await queue.close();
        await connection.quit();
      }
    });

    it('reports each worker queue depth by state, read from BullMQ at scrape time', async () => {
      for (const service of ['customers', 'orders', 'notifications', 'privacy'] as const) {
        const text = await scrape(worker(service));
        const depths = find(text, 'queue_depth', { service, queue: service });
        expect(depths.map((d) => d.labels.state).sort()).toEqual(
          ['active', 'delayed', 'failed', 'waiting', 'waiting-children'].sort(),
        );
        for (const d of depths) expect(d.value).toBeGreaterThanOrEqual(0);
      }
      // The failed job of the previous test is visible to operators.
      const customers = await scrape(worker('customers'));
      expect(find(customers, 'queue_depth', { state: 'failed' })[0]?.value).toBeGreaterThanOrEqual(1);
    });

    it('reports the outbox lag of each service with an outbox', async () => {
      for (const service of ['customers', 'orders', 'notifications', 'privacy'] as const) {
        const text = await scrape(worker(service));
        const [lag] = find(text, 'outbox_lag_seconds', { service });
        expect({ service, present: lag !== undefined }).toEqual({ service, present: true });
        expect(lag.value).toBeGreaterThanOrEqual(0);
        expect(lag.value).toBeLessThan(60);
      }
    });

    it('reports privacy requests by status and open requests by days to their due date', async () => {
      const text = await scrape(worker('privacy'));
      const [completed] = find(text, 'privacy_requests', { service: 'privacy', status: 'completed' });
      expect(completed?.value).toBeGreaterThanOrEqual(1);
      const due = find(text, 'privacy_requests_open_by_due', { service: 'privacy' });
      expect(due.map((d) => d.labels.due).sort()).toEqual([
        'later',
        'overdue',
        'within_3_days',
        'within_7_days',
      ]);
      for (const d of due) expect(d.value).toBeGreaterThanOrEqual(0);
      expect(samples(text, 'privacy_requests_min_days_to_due')).toHaveLength(1);
    });

    it('serves health and metrics without a token, and no personal data', async () => {
      for (const app of [system.gateway, ...system.services.values()]) {
        const server = internal(app);
        await request(server).get('/health/live').expect(200);
        await request(server).get('/health/ready').expect(200);
        const text = await scrape(app);
        expect(text).toContain('process_cpu_user_seconds_total');
        for (const needle of [customer.email, customer.firstName, customer.lastName])
          expect(text).not.toContain(needle);
      }
    });
  });

  describe('bull-board at /admin/queues', () => {
    const board = (path = '') => `/admin/queues${path}`;

    it('refuses anonymous callers (401) and non-admins (403), page and API alike', async () => {
      for (const path of ['', '/api/queues']) {
        const anonymous = await request(url).get(board(path)).expect(401);
        expect(anonymous.body).toMatchObject({ statusCode: 401, code: ErrorCode.Unauthenticated });
        await request(url).get(board(path)).set(bearer('not.a.jwt')).expect(401);
        const other = await register(url);
        const refused = await request(url).get(board(path)).set(bearer(other.accessToken)).expect(403);
        expect(refused.body).toMatchObject({ statusCode: 403, code: ErrorCode.Forbidden });
      }
      for (const role of ['operator', 'dpo', 'accountant', 'provider'] as const) {
        const token = await system.gateway!.get(JwtService).signAsync({ sub: randomUUID(), role });
        await request(url).get(board('/api/queues')).set(bearer(token)).expect(403);
      }
      // A token signed with another key is not an admin's.
      const { JwtService: Jwt } = await import('@nestjs/jwt');
      const forged = await new Jwt({ secret: 'another-secret-another-secret-0000' }).signAsync({
        sub: randomUUID(),
        role: 'admin',
      });
      await request(url).get(board('/api/queues')).set(bearer(forged)).expect(401);
      // Mutations are refused too.
      const other = await register(url);
      await request(url)
        .put(board('/api/queues/customers/retry/failed'))
        .set(bearer(other.accessToken))
        .expect(403);
    });

    it('shows an admin the four queues, and job data only as ciphertext', async () => {
      const page = await request(url).get(board()).set(bearer(adminToken)).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const res = await request(url)
        .get(board('/api/queues'))
        .query({ activeQueue: 'notifications', status: 'completed', page: '1' })
        .set(bearer(adminToken))
        .expect(200);
      const queues = res.body.queues as { name: string; jobs: { id: string; data: unknown }[] }[];
      expect(queues.map((q) => q.name).sort()).toEqual(['customers', 'notifications', 'orders', 'privacy']);
      // The customer.registered event delivered to notifications is kept a while after completion.
      const jobs = queues.find((q) => q.name === 'notifications')?.jobs ?? [];
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) {
        const data = job.data as { s: string; m?: unknown };
        expect(Object.keys(data).filter((k) => k !== 'm')).toEqual(['s']);
        expect(data.s).toMatch(/^[A-Za-z0-9+/=._-]{40,}$/);
        expect(Buffer.from(data.s, 'base64').toString('utf8')).not.toMatch(/customerId|occurredAt/);
      }
      const text = JSON.stringify(res.body);
      for (const needle of [customer.email, customer.firstName, customer.lastName, customer.customerId])
        expect(text).not.toContain(needle);
    });

    it('opens a browser session for admins only, as a short-lived cookie scoped to the dashboard', async () => {
      await request(url).post('/api/v1/admin/queues/session').expect(401);
      const other = await register(url);
      await request(url).post('/api/v1/admin/queues/session').set(bearer(other.accessToken)).expect(403);

      const res = await request(url).post('/api/v1/admin/queues/session').set(bearer(adminToken)).expect(204);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(
        /^offera_queues_session=[\w.-]+; Path=\/admin\/queues; Max-Age=300; HttpOnly; Secure; SameSite=Strict$/,
      );
      const session = cookie.split(';')[0];
      await request(url).get(board('/api/queues')).set('cookie', session).expect(200);
      // The session token is not an access token for the dashboard's bearer check, nor is an
      // access token accepted as a session cookie.
      const sessionToken = session.split('=')[1];
      await request(url).get(board('/api/queues')).set(bearer(sessionToken)).expect(401);
      await request(url)
        .get(board('/api/queues'))
        .set('cookie', `offera_queues_session=${adminToken}`)
        .expect(401);
      await request(url).get(board('/api/queues')).set('cookie', 'offera_queues_session=garbage').expect(401);
    });
  });
});
