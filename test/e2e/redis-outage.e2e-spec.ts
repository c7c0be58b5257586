import { ErrorCode } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { inDays } from '../support/booking.js';
import { PrivateRedis } from '../support/private-servers.js';
import { TestSystem } from '../support/system.js';

const orderBody = () => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  startsAt: inDays(10),
  frequency: 'one_off',
  paymentMethod: 'invoice',
  address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
});

describe('Resilience: Redis down', () => {
  let redis: PrivateRedis;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    system = await TestSystem.start({ env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    if (redis && !redis.running) await redis.up(); // so the system can close its connections
    await system?.stop();
    await redis?.kill();
  });

  const ready = async (url: string) => (await fetch(`${url}/health/ready`)).status;

  it('refuses with 503 and Retry-After within 2 s, queues nothing for later, is not ready, and recovers by itself', async () => {
    const c = await register(system.url);
    const customers = await system.services.get('customers')!.getUrl();
    const orders = () => system.sql('SELECT id FROM orders.orders WHERE customer_id = $1', [c.customerId]);

    await redis.kill();
    const timed = async (send: () => request.Test) => {
      const started = Date.now();
      const res = await send();
      return { res, ms: Date.now() - started };
    };
    const reads = await timed(() =>
      request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).set('cache-control', 'no-cache'),
    );
    const writes = await timed(() =>
      request(system.url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .set('idempotency-key', 'outage-order-1')
        .send(orderBody()),
    );
    const anonymous = await timed(() => request(system.url).get('/api/v1/catalog'));
    for (const { res } of [reads, writes, anonymous]) {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: ErrorCode.Unavailable });
      // Fast by construction: refused before anything waits (a timed-out request is 504, not 503).
      // How fast is printed below and reported, not asserted: timings belong to the benchmarks.
    }
    process.stdout.write(
      `Redis down: 503 in ${reads.ms} ms (read), ${writes.ms} ms (order), ${anonymous.ms} ms (catalog)\n`,
    );
    expect(await ready(system.internalUrl)).toBe(503);
    expect(await ready(customers)).toBe(503);

    const restarted = Date.now();
    await redis.up();
    await waitFor(
      async () =>
        (
          await request(system.url)
            .get('/api/v1/me')
            .set(bearer(c.accessToken))
            .set('cache-control', 'no-cache')
        ).status === 200,
      { timeoutMs: 20_000, intervalMs: 100, description: 'the system to answer again' },
    );
    process.stdout.write(`Redis back: answering again after ${Date.now() - restarted} ms\n`);
    await waitFor(async () => (await ready(system.internalUrl)) === 200 && (await ready(customers)) === 200, {
      timeoutMs: 10_000,
      description: 'readiness',
    });

    // The refused order was never queued: after an order placed now has gone through, it is the only one.
    const placed = await request(system.url)
      .post('/api/v1/orders')
      .set(bearer(c.accessToken))
      .set('idempotency-key', 'outage-order-2')
      .send(orderBody())
      .expect(201);
    expect((await orders()).map((o) => o.id)).toEqual([placed.body.id]);
  });
});
