import { randomUUID } from 'node:crypto';
import { waitFor } from '@offera/testing';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import request from 'supertest';
import { OrdersService } from '../../apps/orders/src/orders/orders.service.js';
import { bearer, register } from '../support/api.js';
import { inDays } from '../support/booking.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  addOns: [{ code: 'uuni', quantity: 1 }],
  startsAt: inDays(10),
  frequency: 'one_off',
  address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
  latitude: 60.17,
  longitude: 24.94,
  extraInfo: 'Avain postilaatikossa',
  accessNotes: 'Ovikoodi 1234',
  pets: 'Kissa',
  paymentMethod: 'invoice',
  ...overrides,
});

describe('Orders: catalogue, pricing and the customer side of orders', () => {
  let system: TestSystem;
  let url: string;
  let admin: string;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['customers', 'orders'] });
    url = system.url;
    admin = await system.tokenFor('admin');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('documents every booking route in the OpenAPI document', async () => {
    const doc = await request(url).get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    for (const path of [
      '/api/v1/catalog',
      '/api/v1/orders/quote',
      '/api/v1/orders',
      '/api/v1/orders/{id}',
      '/api/v1/orders/{id}/reschedule',
      '/api/v1/orders/{id}/cancel',
      '/api/v1/orders/{id}/rating',
      '/api/v1/order-series',
      '/api/v1/order-series/{id}/this-and-future',
      '/api/v1/provider/offers',
      '/api/v1/provider/offers/{id}/accept',
      '/api/v1/provider/orders/{id}/complete',
      '/api/v1/admin/invoices/held',
      '/api/v1/admin/catalog/{collection}/{code}/prices',
    ]) {
      expect(paths).toHaveProperty([path]);
    }
    expect(paths['/api/v1/orders/{id}'].get.responses).toHaveProperty(['404']);
    expect(paths['/api/v1/provider/offers/{id}/accept'].post.responses).toHaveProperty(['409']);
  });

  it('registers its repeatable jobs as BullMQ job schedulers on the orders queue', async () => {
    const queue = new Queue('orders', { connection: { url: REDIS_URL }, prefix: system.prefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.name).sort()).toEqual([
        'orders.expire-offers',
        'orders.materialise-series',
        'orders.purge-expired-invoices',
      ]);
      // A scheduled run is an ordinary sealed message the orders service handles.
      const next = (await queue.getJobs(['delayed', 'waiting', 'prioritized'])).find(
        (j) => j.name === 'orders.expire-offers',
      );
      expect(next).toBeDefined();
      if ((await next!.getState()) === 'delayed') await next!.promote();
      await waitFor(async () => (await queue.getJobState(next!.id!)) === 'unknown', {
        description: 'the scheduled job to be processed',
      });
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await queue.close();
    }
  });

  describe('catalogue', () => {
    it('serves the seeded Finnish catalogue publicly, with fi/en names', async () => {
      const res = await request(url).get('/api/v1/catalog').expect(200);
      const services = res.body.services as {
        code: string;
        name: { fi: string; en: string };
        pricing: { kind: string };
      }[];
      expect(services.map((s) => s.code).sort()).toEqual(['ikkunanpesu', 'kotisiivous', 'muuttosiivous']);
      expect(services.find((s) => s.code === 'kotisiivous')).toMatchObject({
        name: { fi: 'Kotisiivous', en: 'Home cleaning' },
        pricing: { kind: 'hourly', centsPerHour: 4990 },
        vatCode: 'general',
        workShareBp: 10000,
      });
      expect(services.find((s) => s.code === 'muuttosiivous')?.pricing.kind).toBe('area_band');
      expect(services.find((s) => s.code === 'ikkunanpesu')?.pricing.kind).toBe('fixed');
      const addOns = res.body.addOns as { code: string; priceCents: number; minutes: number }[];
      expect(addOns.map((a) => a.code).sort()).toEqual(['jaakaappi', 'parveke', 'uuni']);
      expect(addOns.every((a) => a.priceCents > 0 && a.minutes > 0)).toBe(true);
    });

    it('lets only admins edit it, and validates their input', async () => {
      const customer = await register(url);
      const item = {
        code: 'suursiivous',
        nameFi: 'Suursiivous',
        nameEn: 'Deep cleaning',
        price: {
          vatCode: 'general',
          workShareBp: 10000,
          pricing: { kind: 'fixed', priceCents: 30000, minutes: 360 },
        },
      };
      await request(url).post('/api/v1/admin/catalog/services').send(item).expect(401);
      await request(url)
        .post('/api/v1/admin/catalog/services')
        .set(bearer(customer.accessToken))
        .send(item)
        .expect(403);
      await request(url)
        .post('/api/v1/admin/catalog/services')
        .set(bearer(admin))
        .send({ ...item, price: { ...item.price, pricing: { kind: 'fixed', priceCents: -1, minutes: 360 } } })
        .expect(400);
      await request(url)
        .post('/api/v1/admin/catalog/services')
        .set(bearer(admin))
        .send({ ...item, extra: 1 })
        .expect(400);
      const areaBad = await request(url)
        .post('/api/v1/admin/catalog/services')
        .set(bearer(admin))
        .send({
          ...item,
          code: 'badbands',
          price: {
            vatCode: 'general',
            workShareBp: 10000,
            pricing: {
              kind: 'area_band',
              bands: [
                { upToM2: 50, priceCents: 100, minutes: 60 },
                { upToM2: 40, priceCents: 100, minutes: 60 },
              ],
            },
          },
        })
        .expect(400);
      expect(areaBad.body.message).toMatch(/ascend/);
      const created = await request(url)
        .post('/api/v1/admin/catalog/services')
        .set(bearer(admin))
        .send(item)
        .expect(201);
      expect(created.body).toMatchObject({
        code: 'suursiivous',
        pricing: { kind: 'fixed', priceCents: 30000 },
      });
      await request(url).post('/api/v1/admin/catalog/services').set(bearer(admin)).send(item).expect(409);
      await request(url).post('/api/v1/admin/catalog/gizmos').set(bearer(admin)).send(item).expect(404);
      await request(url)
        .patch('/api/v1/admin/catalog/services/suursiivous')
        .set(bearer(admin))
        .send({ active: false })
        .expect(200);
      const pub = await request(url).get('/api/v1/catalog').expect(200);
      expect((pub.body.services as { code: string }[]).some((s) => s.code === 'suursiivous')).toBe(false);
      const all = await request(url).get('/api/v1/admin/catalog').set(bearer(admin)).expect(200);
      expect((all.body.services as { code: string }[]).some((s) => s.code === 'suursiivous')).toBe(true);
      await request(url)
        .post('/api/v1/admin/catalog/services/kotisiivous/prices')
        .set(bearer(admin))
        .send({
          validFrom: '2020-01-01T00:00:00Z',
          vatCode: 'general',
          workShareBp: 10000,
          pricing: { kind: 'hourly', centsPerHour: 1 },
        })
        .expect(400);
    });

    it('keeps an order at the price it was placed with when the price changes', async () => {
      const customer = await register(url);
      const placed = await request(url)
        .post('/api/v1/orders')
        .set(bearer(customer.accessToken))
        .send(orderBody({ serviceCode: 'ikkunanpesu', addOns: [] }))
        .expect(201);
      expect(placed.body.totalCents).toBe(15900);
      await request(url)
        .post('/api/v1/admin/catalog/services/ikkunanpesu/prices')
        .set(bearer(admin))
        .send({
          vatCode: 'general',
          workShareBp: 10000,
          pricing: { kind: 'fixed', priceCents: 17900, minutes: 180 },
        })
        .expect(201);
      const catalog = await request(url).get('/api/v1/catalog').expect(200);
      expect(
        (catalog.body.services as { code: string; pricing: { priceCents?: number } }[]).find(
          (s) => s.code === 'ikkunanpesu',
        )?.pricing.priceCents,
      ).toBe(17900);
      const again = await request(url)
        .get(`/api/v1/orders/${placed.body.id as string}`)
        .set(bearer(customer.accessToken))
        .expect(200);
      expect(again.body.totalCents).toBe(15900);
      const next = await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(customer.accessToken))
        .send({ serviceCode: 'ikkunanpesu', startsAt: inDays(12), frequency: 'one_off' })
        .expect(200);
      expect(next.body.totalGrossCents).toBe(17900);
    });
  });

  describe('quotes', () => {
    it('returns the full breakdown with VAT at 25.5 %, frequency discount and the household deduction', async () => {
      const customer = await register(url);
      const res = await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(customer.accessToken))
        .send({
          serviceCode: 'kotisiivous',
          durationMinutes: 120,
          startsAt: inDays(14),
          frequency: 'every_2_weeks',
          addOns: [{ code: 'jaakaappi', quantity: 1 }],
        })
        .expect(200);
      // 2 h × 49.90 + 29.00 = 128.80; 10 % off = 115.92
      expect(res.body).toMatchObject({
        subtotalCents: 12880,
        frequencyDiscount: { rateBp: 1000, cents: 1288 },
        totalGrossCents: 11592,
      });
      expect(res.body.vatByRate).toEqual([expect.objectContaining({ rateBp: 2550 })]);
      expect(res.body.householdDeduction).toMatchObject({ rateBp: 3500, deductibleCents: 15000 });
      expect(res.body.lines).toHaveLength(2);
      const none = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM orders.orders WHERE customer_id = $1',
        [customer.customerId],
      );
      expect(Number(none[0].n)).toBe(0);
    });

    it('rejects bad input with 400 and a clear message', async () => {
      const customer = await register(url);
      const quote = (body: object) =>
        request(url).post('/api/v1/orders/quote').set(bearer(customer.accessToken)).send(body);
      const ok = {
        serviceCode: 'kotisiivous',
        durationMinutes: 120,
        startsAt: inDays(5),
        frequency: 'one_off',
      };
      expect((await quote({ ...ok, serviceCode: 'nosuch' }).expect(400)).body.message).toMatch(
        /Unknown service/,
      );
      expect((await quote({ ...ok, durationMinutes: undefined }).expect(400)).body.message).toMatch(
        /durationMinutes/,
      );
      expect((await quote({ ...ok, startsAt: inDays(-1) }).expect(400)).body.message).toMatch(/future/);
      await quote({ ...ok, frequency: 'daily' }).expect(400);
      await quote({ ...ok, startsAt: 'tomorrow' }).expect(400);
      await quote({ ...ok, addOns: [{ code: 'uuni', quantity: 0 }] }).expect(400);
      expect((await quote({ ...ok, serviceCode: 'muuttosiivous' }).expect(400)).body.message).toMatch(
        /floorAreaM2/,
      );
      const area = await quote({ ...ok, serviceCode: 'muuttosiivous', floorAreaM2: 55 }).expect(200);
      expect(area.body.totalGrossCents).toBe(29900);
      await request(url).post('/api/v1/orders/quote').send(ok).expect(401);
      await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(await system.tokenFor('provider')))
        .send(ok)
        .expect(403);
    });
  });

  describe('placing and viewing orders', () => {
    it('places an order with a price snapshot and the request IP, and emits order.placed through the outbox', async () => {
      const customer = await register(url);
      const res = await request(url)
        .post('/api/v1/orders')
        .set(bearer(customer.accessToken))
        .send(orderBody())
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'requested',
        serviceCode: 'kotisiivous',
        addOns: [{ code: 'uuni', quantity: 1 }],
        durationMinutes: 180 + 45,
        address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
        pets: 'Kissa',
        paymentMethod: 'invoice',
        totalCents: 14970 + 3900,
      });
      expect(res.body.price.lines).toHaveLength(2);
      const rows = await system.sql<{ placed_ip: string; price_snapshot: { totalGrossCents: number } }>(
        'SELECT host(placed_ip) AS placed_ip, price_snapshot FROM orders.orders WHERE id = $1',
        [res.body.id],
      );
      expect(rows[0].placed_ip).toBe('127.0.0.1');
      expect(rows[0].price_snapshot.totalGrossCents).toBe(18870);
      // The orders service consumes its own order.placed to offer the order; with no eligible
      // provider it is escalated to an operator — which shows the event was published.
      await waitFor(
        async () =>
          (
            await system.sql<{ escalated_at: Date | null }>(
              'SELECT escalated_at FROM orders.orders WHERE id = $1',
              [res.body.id],
            )
          )[0].escalated_at,
        { description: 'order.placed handled' },
      );
      const outbox = await system.sql<{ n: string }>('SELECT count(*) AS n FROM orders.outbox');
      expect(Number(outbox[0].n)).toBe(0);
    });

    it('answers a redelivered place message with the order it already created', async () => {
      const customer = await register(url);
      const orders = system.services.get('orders')!.get(OrdersService);
      const { address, ...rest } = orderBody();
      const payload = { ...rest, address, customerId: customer.customerId } as Parameters<
        OrdersService['place']
      >[0];
      const messageId = randomUUID();
      const [first, second] = [
        await orders.place(payload, messageId),
        await orders.place(payload, messageId),
      ];
      expect(second.id).toBe(first.id);
      const rows = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM orders.orders WHERE customer_id = $1',
        [customer.customerId],
      );
      expect(Number(rows[0].n)).toBe(1);
    });

    it('rejects invalid orders without storing anything', async () => {
      const customer = await register(url);
      const place = (body: object) =>
        request(url).post('/api/v1/orders').set(bearer(customer.accessToken)).send(body);
      await place(orderBody({ paymentMethod: 'bitcoin' })).expect(400);
      await place(orderBody({ address: { street: 'x', postalCode: '123', city: 'y' } })).expect(400);
      await place(orderBody({ latitude: 123 })).expect(400);
      await place(orderBody({ customerId: randomUUID() })).expect(400);
      await place(orderBody({ addOns: [{ code: 'nosuch', quantity: 1 }] })).expect(400);
      const rows = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM orders.orders WHERE customer_id = $1',
        [customer.customerId],
      );
      expect(Number(rows[0].n)).toBe(0);
    });

    it('lists only your own orders, paginated, and hides others’ orders behind 404', async () => {
      const a = await register(url);
      const b = await register(url);
      for (const d of [3, 4, 5]) {
        await request(url)
          .post('/api/v1/orders')
          .set(bearer(a.accessToken))
          .send(orderBody({ startsAt: inDays(d) }))
          .expect(201);
      }
      const bOrder = await request(url)
        .post('/api/v1/orders')
        .set(bearer(b.accessToken))
        .send(orderBody())
        .expect(201);
      const page1 = await request(url)
        .get('/api/v1/orders?page=1&pageSize=2')
        .set(bearer(a.accessToken))
        .expect(200);
      expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(page1.body.items).toHaveLength(2);
      const page2 = await request(url)
        .get('/api/v1/orders?page=2&pageSize=2')
        .set(bearer(a.accessToken))
        .expect(200);
      expect(page2.body.items).toHaveLength(1);
      await request(url).get('/api/v1/orders?pageSize=1000').set(bearer(a.accessToken)).expect(400);
      const id = bOrder.body.id as string;
      const res = await request(url).get(`/api/v1/orders/${id}`).set(bearer(a.accessToken)).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('Testikatu');
      await request(url).post(`/api/v1/orders/${id}/cancel`).set(bearer(a.accessToken)).expect(404);
      await request(url)
        .post(`/api/v1/orders/${id}/reschedule`)
        .set(bearer(a.accessToken))
        .send({ startsAt: inDays(20) })
        .expect(404);
      await request(url).get('/api/v1/orders/not-a-uuid').set(bearer(a.accessToken)).expect(400);
      await request(url).get(`/api/v1/orders/${id}`).set(bearer(b.accessToken)).expect(200);
    });
  });

  describe('discount codes', () => {
    it('applies a code and enforces its total usage limit under concurrency', async () => {
      await request(url)
        .post('/api/v1/admin/discount-codes')
        .set(bearer(admin))
        .send({
          code: 'ONCE20',
          kind: 'percent',
          percentBp: 2000,
          appliesTo: ['one_off'],
          newCustomersOnly: false,
          maxTotalUses: 1,
        })
        .expect(201);
      const customers = await Promise.all([register(url), register(url), register(url)]);
      const quote = await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(customers[0].accessToken))
        .send({
          serviceCode: 'kotisiivous',
          durationMinutes: 120,
          startsAt: inDays(9),
          frequency: 'one_off',
          discountCode: 'once20',
        })
        .expect(200);
      // 2 h × 49.90 = 99.80; 20 % = 19.96
      expect(quote.body.codeDiscount).toMatchObject({ applied: true, cents: 1996 });
      const results = await Promise.all(
        customers.map((c) =>
          request(url)
            .post('/api/v1/orders')
            .set(bearer(c.accessToken))
            .send(orderBody({ durationMinutes: 120, addOns: [], discountCode: 'once20' })),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
      const rejected = results.find((r) => r.status === 422);
      expect(rejected?.body).toMatchObject({ reason: 'DISCOUNT_REJECTED' });
      expect(rejected?.body.message).toMatch(/usage_limit_reached/);
      const winner = results.find((r) => r.status === 201);
      expect(winner?.body).toMatchObject({ discountCode: 'ONCE20', totalCents: 9980 - 1996 });
      const used = await system.sql<{ n: string }>(
        "SELECT count(*) AS n FROM orders.discount_redemptions WHERE code = 'ONCE20'",
      );
      expect(Number(used[0].n)).toBe(1);
      // A code for one-off orders does not apply to recurring ones.
      const recurring = await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(customers[1].accessToken))
        .send({
          serviceCode: 'ikkunanpesu',
          startsAt: inDays(9),
          frequency: 'weekly',
          discountCode: 'ONCE20',
        })
        .expect(200);
      expect(recurring.body.codeDiscount).toMatchObject({
        applied: false,
        rejection: 'order_type_not_eligible',
      });
    });

    it('rejects an unknown code when placing', async () => {
      const c = await register(url);
      const res = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ discountCode: 'NOPE' }))
        .expect(422);
      expect(res.body.message).toMatch(/not_found/);
    });
  });

  describe('rescheduling and cancelling', () => {
    it('reschedules an open order and refuses a cancelled one with 409', async () => {
      const c = await register(url);
      const placed = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody())
        .expect(201);
      const id = placed.body.id as string;
      const moved = await request(url)
        .post(`/api/v1/orders/${id}/reschedule`)
        .set(bearer(c.accessToken))
        .send({ startsAt: inDays(11, 13) })
        .expect(200);
      expect(moved.body.startsAt).toBe(new Date(inDays(11, 13)).toISOString());
      await request(url)
        .post(`/api/v1/orders/${id}/reschedule`)
        .set(bearer(c.accessToken))
        .send({ startsAt: inDays(-2) })
        .expect(400);
      const cancelled = await request(url)
        .post(`/api/v1/orders/${id}/cancel`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'customer',
        cancellationFeeCents: 0,
      });
      const again = await request(url)
        .post(`/api/v1/orders/${id}/cancel`)
        .set(bearer(c.accessToken))
        .expect(409);
      expect(again.body.reason).toBe('ILLEGAL_TRANSITION');
      await request(url)
        .post(`/api/v1/orders/${id}/reschedule`)
        .set(bearer(c.accessToken))
        .send({ startsAt: inDays(12) })
        .expect(409);
    });

    it('charges the late-cancellation fee automatically', async () => {
      const c = await register(url);
      const soon = DateTime.now().plus({ hours: 5 }).toUTC().toISO() ?? '';
      const placed = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ durationMinutes: 120, addOns: [], startsAt: soon }))
        .expect(201);
      const res = await request(url)
        .post(`/api/v1/orders/${placed.body.id as string}/cancel`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancellationFeeCents: 4990 });
      // The company's own cancellation is free, however late; only staff may make one.
      const other = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ durationMinutes: 120, addOns: [], startsAt: soon }))
        .expect(201);
      const path = `/api/v1/admin/orders/${other.body.id as string}/cancel`;
      await request(url).post(path).set(bearer(c.accessToken)).expect(403);
      const byCompany = await request(url)
        .post(path)
        .set(bearer(await system.tokenFor('operator')))
        .expect(200);
      expect(byCompany.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'company',
        cancellationFeeCents: 0,
      });
      await request(url)
        .post(path)
        .set(bearer(await system.tokenFor('operator')))
        .expect(409);
      await request(url).post(`/api/v1/admin/orders/${randomUUID()}/cancel`).set(bearer(admin)).expect(404);
    });
  });
});
