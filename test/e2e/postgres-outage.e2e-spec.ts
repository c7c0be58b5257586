import { ErrorCode } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { inDays } from '../support/booking.js';
import { PrivatePostgres } from '../support/private-servers.js';
import { TestSystem } from '../support/system.js';

const orderBody = () => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  startsAt: inDays(10),
  frequency: 'one_off',
  paymentMethod: 'invoice',
  address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
});

describe('Resilience: Postgres down', () => {
  let pg: PrivatePostgres;
  let system: TestSystem;
  let running = true;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    system = await TestSystem.start({ databaseAdminUrl: pg.adminUrl });
  }, 90_000);

  afterAll(async () => {
    if (!running) await pg?.up();
    await system?.stop();
    await pg?.remove();
  });

  const ready = async (url: string) => (await fetch(`${url}/health/ready`)).status;
  const me = (token: string) =>
    request(system.url).get('/api/v1/me').set(bearer(token)).set('cache-control', 'no-cache');

  it('answers 503 with Retry-After within 2 s, workers are not ready, and all recovers by itself', async () => {
    const c = await register(system.url);
    const customers = await system.services.get('customers')!.getUrl();
    const orders = await system.services.get('orders')!.getUrl();

    await pg.down();
    running = false;
    const timed = async (send: () => request.Test) => {
      const started = Date.now();
      const res = await send();
      return { res, ms: Date.now() - started };
    };
    const read = await timed(() => me(c.accessToken));
    const write = await timed(() =>
      request(system.url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .set('idempotency-key', 'pg-outage-1')
        .send(orderBody()),
    );
    const signIn = await timed(() =>
      request(system.url).post('/api/v1/auth/login').send({ email: c.email, password: c.password }),
    );
    for (const { res } of [read, write, signIn]) {
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
        status: 503,
        code: ErrorCode.Unavailable,
      });
      expect(res.headers['retry-after']).toBe('5');
      // Fast by construction: refused before anything waits (a timed-out request is 504, not 503).
      // How fast is printed below and reported, not asserted: timings belong to the benchmarks.
    }
    process.stdout.write(
      `Postgres down: 503 in ${read.ms} ms (read), ${write.ms} ms (order), ${signIn.ms} ms (sign-in)\n`,
    );
    expect(await ready(customers)).toBe(503);
    expect(await ready(orders)).toBe(503);

    const restarted = Date.now();
    await pg.up();
    running = true;
    await waitFor(async () => (await me(c.accessToken)).status === 200, {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'the system to answer again',
    });
    process.stdout.write(
      `Postgres back: answering again ${Date.now() - restarted} ms after it was started\n`,
    );
    await waitFor(async () => (await ready(customers)) === 200 && (await ready(orders)) === 200, {
      timeoutMs: 10_000,
      description: 'readiness',
    });
    // The order refused while the database was down was not retried behind the caller's back.
    const placed = await request(system.url)
      .post('/api/v1/orders')
      .set(bearer(c.accessToken))
      .send(orderBody())
      .expect(201);
    const rows = await system.sql('SELECT id FROM orders.orders WHERE customer_id = $1', [c.customerId]);
    expect(rows.map((r) => r.id)).toEqual([placed.body.id]);
  });
});
