import { randomUUID } from 'node:crypto';
import type { ErasureReceipt } from '@offera/contracts';
import { scanPostgres } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { DateTime } from 'luxon';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import {
  createSeries,
  helsinki,
  inDays,
  inMinutes,
  offerOrder,
  placeOrder,
  seriesVisits,
} from '../support/booking.js';
import { TestSystem } from '../support/system.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  startsAt: inDays(10),
  frequency: 'one_off',
  address: { street: 'Salakatu 7 B 9', postalCode: '33100', city: 'Tampere' },
  accessNotes: 'Ovikoodi 9876',
  pets: 'Koira',
  extraInfo: 'Soita ovikelloa',
  paymentMethod: 'invoice',
  ...overrides,
});

describe('Orders: offers, visits, invoices, series and erasure', () => {
  let system: TestSystem;
  let url: string;
  let operator: string;
  let bus: MessageBus;

  const place = (c: Registered, overrides: Record<string, unknown> = {}) =>
    placeOrder(url, c, orderBody(overrides));

  const offerTo = (orderId: string, providerIds: string[]) => offerOrder(url, operator, orderId, providerIds);

  const offerIdFor = async (provider: string, orderId: string): Promise<string> => {
    const res = await request(url).get('/api/v1/provider/offers').set(bearer(provider)).expect(200);
    const offer = (res.body as { offerId: string; order: { id: string } }[]).find(
      (o) => o.order.id === orderId,
    );
    if (!offer) throw new Error('no offer');
    return offer.offerId;
  };

  /** Places an order for soon and takes it to completed with one provider; returns ids. */
  const completedOrder = async (c: Registered) => {
    const providerId = randomUUID();
    const provider = await system.tokenFor('provider', providerId);
    // A visit can be started from an hour before its slot.
    const orderId = await place(c, { startsAt: inMinutes(30) });
    await offerTo(orderId, [providerId]);
    await request(url)
      .post(`/api/v1/provider/offers/${await offerIdFor(provider, orderId)}/accept`)
      .set(bearer(provider))
      .expect(200);
    await request(url).post(`/api/v1/provider/orders/${orderId}/start`).set(bearer(provider)).expect(200);
    await request(url).post(`/api/v1/provider/orders/${orderId}/complete`).set(bearer(provider)).expect(200);
    return { orderId, providerId, provider };
  };

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['customers', 'orders'],
      env: { ORDERS_SCHEDULE_JOBS: 'false' },
    });
    url = system.url;
    operator = await system.tokenFor('operator');
    bus = system.gateway!.get(MessageBus);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('provider offers', () => {
    it('lets exactly one of two providers accepting at the same moment win; the other gets 409', async () => {
      const c = await register(url);
      const orderId = await place(c);
      const [idA, idB] = [randomUUID(), randomUUID()];
      const [a, b] = [await system.tokenFor('provider', idA), await system.tokenFor('provider', idB)];
      const offered = await offerTo(orderId, [idA, idB]);
      expect(offered.body).toMatchObject({ status: 'offered', offeredTo: 2, escalated: false });
      const [offerA, offerB] = [await offerIdFor(a, orderId), await offerIdFor(b, orderId)];
      const results = await Promise.all([
        request(url).post(`/api/v1/provider/offers/${offerA}/accept`).set(bearer(a)),
        request(url).post(`/api/v1/provider/offers/${offerB}/accept`).set(bearer(b)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results[0].status === 200 ? idA : idB;
      const loser = winner === idA ? b : a;
      const rows = await system.sql<{ status: string; provider_id: string }>(
        'SELECT status, provider_id FROM orders.orders WHERE id = $1',
        [orderId],
      );
      expect(rows[0]).toEqual({ status: 'assigned', provider_id: winner });
      const accepted = await system.sql<{ n: string }>(
        "SELECT count(*) AS n FROM orders.order_offers WHERE order_id = $1 AND status = 'accepted'",
        [orderId],
      );
      expect(Number(accepted[0].n)).toBe(1);
      // The other provider sees it gone, and can no longer see its address.
      const list = await request(url).get('/api/v1/provider/offers').set(bearer(loser)).expect(200);
      expect((list.body as { order: { id: string } }[]).some((o) => o.order.id === orderId)).toBe(false);
      await request(url).get(`/api/v1/provider/orders/${orderId}`).set(bearer(loser)).expect(404);
      const customerView = await request(url)
        .get(`/api/v1/orders/${orderId}`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(customerView.body).toMatchObject({ status: 'assigned', providerId: winner });
    });

    it('shows an offered provider only the area, time and whether there are pets; a stranger nothing', async () => {
      const c = await register(url);
      const orderId = await place(c);
      const [offeredId, strangerId] = [randomUUID(), randomUUID()];
      const offered = await system.tokenFor('provider', offeredId);
      const stranger = await system.tokenFor('provider', strangerId);
      await request(url).get(`/api/v1/provider/orders/${orderId}`).set(bearer(offered)).expect(404);
      await offerTo(orderId, [offeredId]);
      const res = await request(url)
        .get(`/api/v1/provider/orders/${orderId}`)
        .set(bearer(stranger))
        .expect(404);
      expect(JSON.stringify(res.body)).not.toMatch(/Salakatu|9876|Koira/);
      const strangerOffers = await request(url)
        .get('/api/v1/provider/offers')
        .set(bearer(stranger))
        .expect(200);
      expect(strangerOffers.body).toEqual([]);
      await request(url)
        .post(`/api/v1/provider/orders/${orderId}/comments`)
        .set(bearer(stranger))
        .send({ body: 'x' })
        .expect(404);
      await request(url).post(`/api/v1/provider/orders/${orderId}/start`).set(bearer(stranger)).expect(404);
      const seen = await request(url)
        .get(`/api/v1/provider/orders/${orderId}`)
        .set(bearer(offered))
        .expect(200);
      expect(seen.body).toMatchObject({
        area: { postalCode: '33100', district: 'Tampere' },
        hasPets: true,
        address: null,
        accessNotes: null,
        pets: null,
      });
      expect(JSON.stringify(seen.body)).not.toMatch(/Salakatu|9876|Koira|Soita/);
      // A customer or a provider for a customer route: wrong role.
      await request(url).get('/api/v1/provider/offers').set(bearer(c.accessToken)).expect(403);
      await request(url).get(`/api/v1/orders/${orderId}`).set(bearer(offered)).expect(403);
      // Someone else's offer id: 404, not 409.
      await request(url)
        .post(`/api/v1/provider/offers/${await offerIdFor(offered, orderId)}/accept`)
        .set(bearer(stranger))
        .expect(404);
    });

    it('re-offers or escalates an offer nobody accepted in time', async () => {
      const c = await register(url);
      const orderId = await place(c);
      await offerTo(orderId, [randomUUID()]);
      const later = new Date(Date.now() + 2 * 3600_000).toISOString();
      const result = await bus.send('orders.expire-offers', { now: later });
      expect(result.processed).toBeGreaterThanOrEqual(1);
      const rows = await system.sql<{ status: string; escalated_at: Date | null }>(
        'SELECT status, escalated_at FROM orders.orders WHERE id = $1',
        [orderId],
      );
      // No eligible provider in the customer register: it waits for an operator.
      expect(rows[0].status).toBe('requested');
      expect(rows[0].escalated_at).not.toBeNull();
      const offers = await system.sql<{ status: string }>(
        'SELECT status FROM orders.order_offers WHERE order_id = $1',
        [orderId],
      );
      expect(offers.map((o) => o.status)).toEqual(['expired']);
      const escalated = await request(url)
        .get('/api/v1/admin/orders/escalated')
        .set(bearer(operator))
        .expect(200);
      expect(escalated.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: orderId, offerRounds: 1 })]),
      );
      await request(url).get('/api/v1/admin/orders/escalated').set(bearer(c.accessToken)).expect(403);
      expect((await bus.send('orders.expire-offers', { now: later })).processed).toBe(0);
    });
  });

  describe('visits, ratings and invoices', () => {
    it('runs the lifecycle, refuses illegal transitions with 409, and invoices with gap-free numbers', async () => {
      const c = await register(url);
      const first = await completedOrder(c);
      await request(url)
        .post(`/api/v1/provider/orders/${first.orderId}/comments`)
        .set(bearer(first.provider))
        .send({ body: 'Kaikki hyvin' })
        .expect(201);
      await request(url)
        .post(`/api/v1/provider/orders/${first.orderId}/start`)
        .set(bearer(first.provider))
        .expect(409);
      await request(url)
        .post(`/api/v1/provider/orders/${first.orderId}/complete`)
        .set(bearer(first.provider))
        .expect(409);
      const done = await request(url)
        .get(`/api/v1/provider/orders/${first.orderId}`)
        .set(bearer(first.provider))
        .expect(200);
      // Shortly after completion the provider still sees the details (see the booking-rules e2e).
      expect(done.body).toMatchObject({ status: 'completed', accessNotes: 'Ovikoodi 9876', pets: 'Koira' });
      const second = await completedOrder(c);
      const invoices = await system.sql<{
        number: string;
        buyer_name: string;
        total_gross_cents: number;
        work_cents: number;
        payment_method: string;
        lines: unknown[];
      }>(
        'SELECT number, buyer_name, total_gross_cents, work_cents, payment_method, lines FROM orders.invoices WHERE order_id = ANY($1) ORDER BY number',
        [[first.orderId, second.orderId]],
      );
      expect(invoices).toHaveLength(2);
      expect(Number(invoices[1].number)).toBe(Number(invoices[0].number) + 1);
      expect(invoices[0]).toMatchObject({
        buyer_name: `${c.firstName} ${c.lastName}`,
        total_gross_cents: 9980,
        work_cents: 9980,
        payment_method: 'invoice',
      });
      expect(invoices[0].lines).toEqual([
        expect.objectContaining({ description: 'Kotisiivous', vatRateBp: 2550, grossCents: 9980 }),
      ]);
      const view = await request(url)
        .get(`/api/v1/orders/${first.orderId}`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(view.body.comments).toEqual([expect.objectContaining({ body: 'Kaikki hyvin' })]);
    });

    it('numbers invoices of visits completed at the same time without gaps or duplicates', async () => {
      const customers = await Promise.all([register(url), register(url), register(url), register(url)]);
      const done = await Promise.all(customers.map((c) => completedOrder(c)));
      const rows = await system.sql<{ number: string }>(
        'SELECT number FROM orders.invoices WHERE order_id = ANY($1) ORDER BY number',
        [done.map((d) => d.orderId)],
      );
      const numbers = rows.map((r) => Number(r.number));
      expect(numbers).toHaveLength(4);
      expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2, numbers[0] + 3]);
      const counter = await system.sql<{ last_number: string }>(
        'SELECT last_number FROM orders.invoice_counter',
      );
      expect(Number(counter[0].last_number)).toBe(numbers[3]);
    });

    it('lets the customer rate a completed own visit once', async () => {
      const c = await register(url);
      const other = await register(url);
      const { orderId, providerId } = await completedOrder(c);
      await request(url)
        .post(`/api/v1/orders/${orderId}/rating`)
        .set(bearer(c.accessToken))
        .send({ rating: 6 })
        .expect(400);
      await request(url)
        .post(`/api/v1/orders/${orderId}/rating`)
        .set(bearer(other.accessToken))
        .send({ rating: 5 })
        .expect(404);
      const rated = await request(url)
        .post(`/api/v1/orders/${orderId}/rating`)
        .set(bearer(c.accessToken))
        .send({ rating: 5, comment: 'Loistavaa' })
        .expect(201);
      expect(rated.body.rating).toEqual({ rating: 5, comment: 'Loistavaa' });
      const again = await request(url)
        .post(`/api/v1/orders/${orderId}/rating`)
        .set(bearer(c.accessToken))
        .send({ rating: 1 })
        .expect(409);
      expect(again.body.reason).toBe('ALREADY_RATED');
      const open = await place(c);
      const notDone = await request(url)
        .post(`/api/v1/orders/${open}/rating`)
        .set(bearer(c.accessToken))
        .send({ rating: 4 })
        .expect(409);
      expect(notDone.body.reason).toBe('NOT_COMPLETED');
      const rows = await system.sql<{ provider_id: string; rating: number }>(
        'SELECT provider_id, rating FROM orders.order_ratings WHERE order_id = $1',
        [orderId],
      );
      expect(rows).toEqual([{ provider_id: providerId, rating: 5 }]);
    });
  });

  describe('erasure', () => {
    it('deletes everything about the subject except the invoice fields, which are held for the accountant', async () => {
      const c = await register(url);
      const { orderId, provider } = await completedOrder(c);
      await request(url)
        .post(`/api/v1/provider/orders/${orderId}/comments`)
        .set(bearer(provider))
        .send({ body: 'Avain palautettu' })
        .expect(201);
      await request(url)
        .post(`/api/v1/orders/${orderId}/rating`)
        .set(bearer(c.accessToken))
        .send({ rating: 4 })
        .expect(201);
      const openOrder = await place(c);
      await offerTo(openOrder, [randomUUID()]);
      await createSeries(url, c, orderBody());

      const requestId = randomUUID();
      const receipt: ErasureReceipt = await bus.send('orders.erase-subject', {
        requestId,
        subjectId: c.customerId,
      });
      const year = helsinki().year;
      expect(receipt).toEqual({
        service: 'orders',
        erased: expect.objectContaining({
          orders: 10,
          order_series: 1,
          order_ratings: 1,
          order_comments: 1,
          order_offers: 2,
        }),
        withheld: [
          { category: 'invoice', basis: 'Kirjanpitolaki 2:10 §', until: `${year + 6}-12-31`, count: 1 },
        ],
      });

      // Nothing in the orders schema mentions the subject any more.
      for (const table of ['orders', 'order_series', 'order_ratings', 'discount_redemptions', 'invoices']) {
        const rows = await system.sql<{ n: string }>(
          `SELECT count(*) AS n FROM orders.${table} t WHERE t::text LIKE '%' || $1 || '%'`,
          [c.customerId],
        );
        expect({ table, n: Number(rows[0].n) }).toEqual({ table, n: 0 });
      }
      // Every text column of the orders schema: only the held invoice's buyer name remains.
      const hits = (await scanPostgres(system.db.adminUrl, [c.customerId, c.firstName, c.lastName])).filter(
        (h) => h.schema === 'orders',
      );
      expect(hits.map((h) => `${h.table}.${h.column}`)).toEqual([
        'invoices.buyer_name',
        'invoices.buyer_name',
      ]);
      const comments = await system.sql<{ n: string }>(
        "SELECT count(*) AS n FROM orders.order_comments WHERE body = 'Avain palautettu'",
      );
      expect(Number(comments[0].n)).toBe(0);
      const held = await system.sql<Record<string, unknown>>(
        'SELECT * FROM orders.invoices WHERE buyer_name = $1',
        [`${c.firstName} ${c.lastName}`],
      );
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({
        held: true,
        held_basis: 'Kirjanpitolaki 2:10 §',
        customer_id: null,
        order_id: null,
      });
      expect(JSON.stringify(held[0])).not.toMatch(/Ovikoodi|Koira|Soita/);

      // Held invoices: the accountant only.
      const accountant = await system.tokenFor('accountant');
      const list = await request(url)
        .get('/api/v1/admin/invoices/held?pageSize=100')
        .set(bearer(accountant))
        .expect(200);
      expect(
        (list.body.items as { buyerName: string }[]).some(
          (i) => i.buyerName === `${c.firstName} ${c.lastName}`,
        ),
      ).toBe(true);
      await request(url).get('/api/v1/admin/invoices/held').set(bearer(operator)).expect(403);
      await request(url).get('/api/v1/admin/invoices/held').set(bearer(c.accessToken)).expect(403);

      // The same request's job run again answers with its first receipt, legal hold included;
      // another request about the same subject finds nothing left.
      expect(await bus.send('orders.erase-subject', { requestId, subjectId: c.customerId })).toEqual(receipt);
      const another = await bus.send('orders.erase-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
      });
      expect(Object.values(another.erased).every((n) => n === 0)).toBe(true);

      // The retention job keeps it until its expiry and deletes it the day after.
      expect(
        (await bus.send('orders.purge-expired-invoices', { now: `${year + 6}-12-31T12:00:00Z` })).processed,
      ).toBe(0);
      expect(
        (await bus.send('orders.purge-expired-invoices', { now: `${year + 7}-01-01T12:00:00Z` })).processed,
      ).toBeGreaterThanOrEqual(1);
      const gone = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM orders.invoices WHERE buyer_name = $1',
        [`${c.firstName} ${c.lastName}`],
      );
      expect(Number(gone[0].n)).toBe(0);
    });
  });

  describe('access and restriction', () => {
    it('exports the subject’s order data, and keeps restricted orders stored but never offered', async () => {
      const c = await register(url);
      const before = await place(c);
      const providerId = randomUUID();
      const provider = await system.tokenFor('provider', providerId);
      await offerTo(before, [providerId]);

      const restricted = await bus.send('orders.restrict-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
        restricted: true,
      });
      expect(restricted).toEqual({ service: 'orders', applied: true });
      // The open offer is withdrawn: the provider no longer sees the order.
      await request(url).get(`/api/v1/provider/orders/${before}`).set(bearer(provider)).expect(404);
      const after = await place(c);
      const offer = await request(url)
        .post(`/api/v1/admin/orders/${after}/offer`)
        .set(bearer(operator))
        .send({ providerIds: [providerId] })
        .expect(200);
      expect(offer.body).toMatchObject({ offeredTo: 0, status: 'requested' });
      const offers = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM orders.order_offers WHERE order_id = $1',
        [after],
      );
      expect(Number(offers[0].n)).toBe(0);
      const view = await request(url).get(`/api/v1/orders/${after}`).set(bearer(c.accessToken)).expect(200);
      expect(view.body.status).toBe('requested');

      await bus.send('orders.restrict-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
        restricted: false,
      });
      const lifted = await request(url)
        .post(`/api/v1/admin/orders/${after}/offer`)
        .set(bearer(operator))
        .send({ providerIds: [providerId] })
        .expect(200);
      expect(lifted.body).toMatchObject({ offeredTo: 1, status: 'offered' });

      const exported = await bus.send('orders.export-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
        forSubject: true,
      });
      expect(exported.service).toBe('orders');
      expect(exported.data.orders).toHaveLength(2);
      expect(exported.data.orders[0]).toMatchObject({
        address: { street: 'Salakatu 7 B 9' },
        pets: 'Koira',
        placed_ip: '127.0.0.1',
      });
      const other = await register(url);
      const none = await bus.send('orders.export-subject', {
        requestId: randomUUID(),
        subjectId: other.customerId,
        forSubject: true,
      });
      expect(none.data.orders).toEqual([]);
      expect(
        await bus.send('orders.rectify-subject', {
          requestId: randomUUID(),
          subjectId: c.customerId,
          fields: { firstName: 'Uusi' },
        }),
      ).toEqual({
        service: 'orders',
        rectified: {},
      });
    });
  });

  describe('recurring series', () => {
    const postSeries = (c: Registered, start: string, rule: object = { kind: 'weekly' }) =>
      request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .send({ ...orderBody(), startsAt: undefined, frequency: undefined, rule, start });

    const seriesOrders = (seriesId: string) => seriesVisits(system, seriesId);

    it('materialises the configured weeks ahead, idempotently, with the weekly discount', async () => {
      const c = await register(url);
      const start = inDays(2).slice(0, 16);
      const res = await postSeries(c, start).expect(201);
      const seriesId = res.body.id as string;
      expect(res.body.nextOrders).toHaveLength(8);
      const orders = await seriesOrders(seriesId);
      expect(orders).toHaveLength(8);
      const totals = await system.sql<{ total_cents: number; frequency: string }>(
        'SELECT DISTINCT total_cents, frequency FROM orders.orders WHERE series_id = $1',
        [seriesId],
      );
      expect(totals).toEqual([{ total_cents: 9980 - 1497, frequency: 'weekly' }]);
      await Promise.all([
        bus.send('orders.materialise-series', {}),
        bus.send('orders.materialise-series', {}),
      ]);
      expect(await seriesOrders(seriesId)).toHaveLength(8);
      const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const run = await bus.send('orders.materialise-series', { now: later });
      expect(run.created).toBeGreaterThanOrEqual(1);
      expect(await seriesOrders(seriesId)).toHaveLength(9);
    });

    it('skips, reschedules, pauses, ends and changes this-and-future', async () => {
      const c = await register(url);
      const other = await register(url);
      const res = await postSeries(c, inDays(3).slice(0, 16)).expect(201);
      const id = res.body.id as string;
      const dates = (await seriesOrders(id)).map((o) => o.date);
      const post = (path: string, body: object, who = c) =>
        request(url).post(`/api/v1/order-series/${id}/${path}`).set(bearer(who.accessToken)).send(body);

      await post('skip', { date: dates[1] }, other).expect(404);
      await post('skip', { date: 'soon' }).expect(400);
      const notAnOccurrence = DateTime.fromISO(dates[1]).plus({ days: 1 }).toISODate() ?? '';
      await post('skip', { date: notAnOccurrence }).expect(400);
      const skipped = await post('skip', { date: dates[1] }).expect(200);
      expect(skipped.body.skipped).toEqual([dates[1]]);
      expect((await seriesOrders(id)).find((o) => o.date === dates[1])?.status).toBe('cancelled');

      const newStart = `${dates[2]}T15:30`;
      await post('reschedule', { date: dates[2], newStart }).expect(200);
      const moved = await system.sql<{ starts_at: Date }>(
        `SELECT starts_at FROM orders.orders WHERE series_id = $1 AND to_char(series_original_start AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM-DD') = $2`,
        [id, dates[2]],
      );
      expect(moved[0].starts_at.toISOString()).toBe(
        DateTime.fromISO(newStart, { zone: 'Europe/Helsinki' }).toUTC().toISO(),
      );

      await post('pause', { until: '2026-02-30' }).expect(400);
      await post('end', { on: '2026-13-01' }).expect(400);
      await post('pause', { until: dates[4] }).expect(200);
      const afterPause = await seriesOrders(id);
      expect(
        afterPause
          .filter((o) => o.date < dates[4] && o.date !== dates[0])
          .every((o) => o.status === 'cancelled'),
      ).toBe(true);
      expect(afterPause.find((o) => o.date === dates[4])?.status).not.toBe('cancelled');

      const changed = await post('this-and-future', {
        date: dates[5],
        rule: { kind: 'every_2_weeks' },
      }).expect(200);
      expect(changed.body.id).not.toBe(id);
      expect(changed.body.rule).toEqual({ kind: 'every_2_weeks' });
      const old = await request(url).get(`/api/v1/order-series/${id}`).set(bearer(c.accessToken)).expect(200);
      expect(old.body.status).toBe('ended');
      expect(
        (await seriesOrders(id)).filter((o) => o.date >= dates[5]).every((o) => o.status === 'cancelled'),
      ).toBe(true);
      await post('skip', { date: dates[4] }).expect(409);

      const newId = changed.body.id as string;
      const ended = await request(url)
        .post(`/api/v1/order-series/${newId}/end`)
        .set(bearer(c.accessToken))
        .send({})
        .expect(200);
      expect(ended.body.status).toBe('ended');
      expect((await seriesOrders(newId)).every((o) => o.status === 'cancelled')).toBe(true);
      const mine = await request(url).get('/api/v1/order-series').set(bearer(c.accessToken)).expect(200);
      expect(mine.body).toHaveLength(2);
      await request(url).get(`/api/v1/order-series/${id}`).set(bearer(other.accessToken)).expect(404);
    });

    it('rejects a bad rule or start', async () => {
      const c = await register(url);
      await postSeries(c, inDays(3).slice(0, 16), { kind: 'daily' }).expect(400);
      await postSeries(c, inDays(3).slice(0, 16), { kind: 'monthly_day' }).expect(400);
      await postSeries(c, inDays(-3).slice(0, 16)).expect(400);
      await postSeries(c, inDays(3)).expect(400);
    });
  });
});
