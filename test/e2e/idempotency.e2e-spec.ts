import { randomUUID } from 'node:crypto';
import { waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { Redis } from 'ioredis';
import request from 'supertest';
import { bearer, type Registered, register } from '../support/api.js';
import { inDays } from '../support/booking.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  startsAt: inDays(12),
  frequency: 'one_off',
  address: { street: 'Toistokatu 3 B', postalCode: '00100', city: 'Helsinki' },
  pets: 'Koira',
  paymentMethod: 'invoice',
  ...overrides,
});

const seriesBody = () => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  rule: { kind: 'weekly' },
  start: inDays(4).slice(0, 16),
  address: { street: 'Toistokatu 3 B', postalCode: '00100', city: 'Helsinki' },
  paymentMethod: 'invoice',
});

describe('Idempotency-Key on the routes that create orders and series', () => {
  let system: TestSystem;
  let url: string;
  let redis: Redis;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['customers', 'orders'] });
    url = system.url;
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
  });

  const place = (c: Registered, key: string | undefined, body: object = orderBody()) => {
    const req = request(url).post('/api/v1/orders').set(bearer(c.accessToken));
    if (key !== undefined) void req.set('Idempotency-Key', key);
    return req.send(body);
  };

  const ordersOf = async (c: Registered) =>
    system.sql<{ id: string }>('SELECT id FROM orders.orders WHERE customer_id = $1', [c.customerId]);

  const placedEventsOf = async (orderIds: string[]) =>
    system.sql<{ n: string }>(
      `SELECT count(*) AS n FROM orders.outbox WHERE name = 'order.placed' AND payload->>'orderId' = ANY($1)`,
      [orderIds],
    );

  it('places one order for a key however often the request is retried, and says when it replayed', async () => {
    const c = await register(url);
    const events = system.recordEvents('orders');
    const key = randomUUID();
    const first = await place(c, key).expect(201);
    const orderId = (first.body as { id: string }).id;
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await place(c, key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    // The structured-field form of the same key is the same key.
    const quoted = await place(c, `"${key}"`).expect(201);
    expect(quoted.body.id).toBe(first.body.id);

    expect(await ordersOf(c)).toEqual([{ id: first.body.id }]);
    // Once the outbox has relayed it, exactly one order.placed went out for the order.
    await waitFor(async () => Number((await placedEventsOf([orderId]))[0].n) === 0, {
      description: 'the outbox to relay order.placed',
    });
    const placed = events.filter((e) => e.name === 'order.placed' && e.payload.orderId === orderId);
    expect(placed).toHaveLength(1);
  });

  it('creates exactly one order when the same keyed request arrives many times at once', async () => {
    const c = await register(url);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => place(c, key)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids = new Set(answers.map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(await ordersOf(c)).toEqual([{ id: [...ids][0] }]);
  });

  it('rejects the key reused for a different request with 422, and creates nothing', async () => {
    const c = await register(url);
    const key = randomUUID();
    const first = await place(c, key).expect(201);
    const res = await place(c, key, orderBody({ pets: 'Kaksi kissaa' })).expect(422);
    expect(res.body).toMatchObject({ code: 'UNPROCESSABLE', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ordersOf(c)).toEqual([{ id: first.body.id }]);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const c = await register(url);
    const key = randomUUID();
    const body = orderBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await place(c, key, body).expect(201);
    const again = await place(c, key, reordered).expect(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it('scopes a key to its caller: two customers using the same key each get their own order', async () => {
    const [a, b] = [await register(url), await register(url)];
    const key = randomUUID();
    const forA = await place(a, key).expect(201);
    const forB = await place(b, key).expect(201);
    expect(forB.body.id).not.toBe(forA.body.id);
    expect(forB.headers['idempotent-replayed']).toBeUndefined();
  });

  it('releases the key of a request that was refused, so the corrected request can use it', async () => {
    const c = await register(url);
    const key = randomUUID();
    // Invalid input (400 from validation) and a refusal by the orders service (a start in the past).
    await place(c, key, orderBody({ durationMinutes: 'long' })).expect(400);
    await place(c, key, orderBody({ startsAt: inDays(-2) })).expect(400);
    const ok = await place(c, key).expect(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    expect(await ordersOf(c)).toHaveLength(1);
  });

  it('refuses a malformed key with 400 and creates nothing', async () => {
    const c = await register(url);
    for (const bad of ['', 'x'.repeat(256), 'with space', 'quote"inside', 'ä-not-ascii']) {
      const res = await place(c, bad).expect(400);
      expect(res.body.message).toMatch(/Idempotency-Key/);
    }
    expect(await ordersOf(c)).toEqual([]);
  });

  it('needs a valid token before any key is considered', async () => {
    await request(url)
      .post('/api/v1/orders')
      .set('Idempotency-Key', randomUUID())
      .send(orderBody())
      .expect(401);
  });

  it('keeps nothing readable in Redis: the record is keyed hashes that expire', async () => {
    const c = await register(url);
    const key = `order-${randomUUID()}`;
    await place(c, key).expect(201);
    const names = await redis.keys(`${system.prefix}:gateway:idempotency:*`);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const value = (await redis.get(name)) ?? '';
      for (const text of [name, value]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(c.customerId);
        expect(text).not.toContain('Toistokatu');
      }
      const ttl = await redis.ttl(name);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(86_400);
    }
  });

  it('creates one recurring series for a key, with one set of visits', async () => {
    const c = await register(url);
    const key = randomUUID();
    const send = () =>
      request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .set('Idempotency-Key', key)
        .send(seriesBody());
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const series = await system.sql('SELECT id FROM orders.order_series WHERE customer_id = $1', [
      c.customerId,
    ]);
    expect(series).toEqual([{ id: first.body.id }]);
    const visits = await system.sql<{ n: string }>(
      'SELECT count(*) AS n FROM orders.orders WHERE series_id = $1',
      [first.body.id],
    );
    const otherVisits = await system.sql<{ n: string }>(
      'SELECT count(*) AS n FROM orders.orders WHERE customer_id = $1 AND series_id IS DISTINCT FROM $2',
      [c.customerId, first.body.id],
    );
    expect(Number(visits[0].n)).toBeGreaterThan(0);
    expect(Number(otherVisits[0].n)).toBe(0);
  });

  it('the orders service itself creates one series per request key (a redelivered message)', async () => {
    const c = await register(url);
    const bus = system.gateway!.get(MessageBus);
    const payload = {
      ...seriesBody(),
      rule: { kind: 'weekly' as const },
      paymentMethod: 'invoice' as const,
      customerId: c.customerId,
      requestKey: `idem:${randomUUID()}`,
    };
    const [a, b] = await Promise.all([
      bus.send('orders.create-series', payload),
      bus.send('orders.create-series', payload),
    ]);
    expect(b.id).toBe(a.id);
    const series = await system.sql('SELECT id FROM orders.order_series WHERE customer_id = $1', [
      c.customerId,
    ]);
    expect(series).toHaveLength(1);
  });

  it('documents the header on both routes', async () => {
    const doc = await request(url).get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<
      string,
      Record<string, { parameters?: { name: string; in: string }[] }>
    >;
    for (const path of ['/api/v1/orders', '/api/v1/order-series']) {
      expect(paths[path].post.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
      );
    }
  });
});
