import { randomUUID } from 'node:crypto';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { CatalogService } from '../../apps/orders/src/catalog/catalog.service.js';
import { OffersService } from '../../apps/orders/src/offers/offers.service.js';
import { OrdersService } from '../../apps/orders/src/orders/orders.service.js';
import { SeriesService } from '../../apps/orders/src/series/series.service.js';
import { VisitsService } from '../../apps/orders/src/visits/visits.service.js';
import { bearer, register, type Registered } from '../support/api.js';
import {
  createSeries,
  inDays,
  inMinutes,
  offerOrder,
  openOfferIds,
  placeOrder,
  seriesVisits,
} from '../support/booking.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { type PublishedEvent, TestSystem } from '../support/system.js';

const orderBody = (startsAt = inDays(14)) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 180,
  startsAt,
  frequency: 'one_off',
  address: { street: 'Uusintakatu 2', postalCode: '00100', city: 'Helsinki' },
  paymentMethod: 'invoice',
});

/**
 * A change whose answer is lost after its commit is delivered again with the same message id:
 * it must answer as the first delivery would have, and change nothing more (no second event,
 * comment or invoice), while a new request for the same change is still refused.
 */
describe('Orders: a change delivered twice takes effect once', () => {
  let system: TestSystem;
  let url: string;
  let operator: string;
  let events: PublishedEvent[];
  let orders: OrdersService;
  let visits: VisitsService;
  let series: SeriesService;

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['customers', 'orders'],
      env: { ORDERS_SCHEDULE_JOBS: 'false' },
    });
    url = system.url;
    operator = await system.tokenFor('operator');
    events = system.recordEvents('orders');
    orders = system.services.get('orders')!.get(OrdersService);
    visits = system.services.get('orders')!.get(VisitsService);
    series = system.services.get('orders')!.get(SeriesService);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The events published for the order once its outbox is empty. */
  const publishedFor = async (orderId: string, name: string) => {
    await waitFor(
      async () =>
        (await system.sql(`SELECT 1 FROM orders.outbox WHERE payload->>'orderId' = $1`, [orderId])).length ===
        0,
      { description: 'the outbox to relay the order events' },
    );
    return events.filter((e) => e.name === name && e.payload.orderId === orderId);
  };

  /** An order assigned to a provider; `soon`: within the hour in which its visit may start. */
  const assigned = async (c: Registered, soon = false) => {
    const providerId = randomUUID();
    const provider = await system.tokenFor('provider', providerId);
    const orderId = await placeOrder(url, c, orderBody(soon ? inMinutes(30) : undefined));
    await offerOrder(url, operator, orderId, [providerId]);
    const [offerId] = await openOfferIds(url, provider, orderId);
    await request(url).post(`/api/v1/provider/offers/${offerId}/accept`).set(bearer(provider)).expect(200);
    return { orderId, provider };
  };

  it('a cancellation: answered with the cancelled order, one order.cancelled', async () => {
    const c = await register(url);
    const orderId = await placeOrder(url, c, orderBody());
    loseNextAnswer(orders, 'cancel');
    const res = await request(url)
      .post(`/api/v1/orders/${orderId}/cancel`)
      .set(bearer(c.accessToken))
      .expect(200);
    expect(res.body).toMatchObject({ id: orderId, status: 'cancelled', cancelledBy: 'customer' });
    expect(await publishedFor(orderId, 'order.cancelled')).toHaveLength(1);
    // The customer cancelling again is a new request: refused as before.
    const again = await request(url)
      .post(`/api/v1/orders/${orderId}/cancel`)
      .set(bearer(c.accessToken))
      .expect(409);
    expect(again.body.reason).toBe('ILLEGAL_TRANSITION');
  });

  it('a reschedule: answered with the new time, one order.rescheduled', async () => {
    const c = await register(url);
    const orderId = await placeOrder(url, c, orderBody());
    const startsAt = inDays(20);
    loseNextAnswer(orders, 'reschedule');
    const res = await request(url)
      .post(`/api/v1/orders/${orderId}/reschedule`)
      .set(bearer(c.accessToken))
      .send({ startsAt })
      .expect(200);
    expect(Date.parse((res.body as { startsAt: string }).startsAt)).toBe(Date.parse(startsAt));
    expect(await publishedFor(orderId, 'order.rescheduled')).toHaveLength(1);
  });

  it("a provider's start, comment and completion: one comment, one invoice, one order.completed", async () => {
    const c = await register(url);
    const { orderId, provider } = await assigned(c, true);
    const post = (path: string, body?: object) =>
      request(url).post(`/api/v1/provider/orders/${orderId}/${path}`).set(bearer(provider)).send(body);

    loseNextAnswer(visits, 'start');
    expect((await post('start').expect(200)).body).toMatchObject({ status: 'in_progress' });
    loseNextAnswer(visits, 'comment');
    await post('comments', { body: 'Avain palautettu' }).expect(201);
    loseNextAnswer(visits, 'complete');
    expect((await post('complete').expect(200)).body).toMatchObject({ status: 'completed' });

    expect(await system.sql('SELECT body FROM orders.order_comments WHERE order_id = $1', [orderId])).toEqual(
      [{ body: 'Avain palautettu' }],
    );
    expect(await system.sql('SELECT 1 FROM orders.invoices WHERE order_id = $1', [orderId])).toHaveLength(1);
    expect(await publishedFor(orderId, 'order.completed')).toHaveLength(1);

    loseNextAnswer(orders, 'rate');
    await request(url)
      .post(`/api/v1/orders/${orderId}/rating`)
      .set(bearer(c.accessToken))
      .send({ rating: 4 })
      .expect(201);
    expect(await publishedFor(orderId, 'order.rated')).toHaveLength(1);
    const again = await request(url)
      .post(`/api/v1/orders/${orderId}/rating`)
      .set(bearer(c.accessToken))
      .send({ rating: 4 })
      .expect(409);
    expect(again.body.reason).toBe('ALREADY_RATED');
  });

  it('series changes: one reschedule event, one successor series, an end answered as ended', async () => {
    const c = await register(url);
    const id = await createSeries(url, c, orderBody());
    const [, second, , , fifth] = await seriesVisits(system, id);
    const post = (seriesId: string, path: string, body: object) =>
      request(url).post(`/api/v1/order-series/${seriesId}/${path}`).set(bearer(c.accessToken)).send(body);

    loseNextAnswer(series, 'rescheduleOne');
    await post(id, 'reschedule', { date: second.date, newStart: `${second.date}T15:30` }).expect(200);
    expect(await publishedFor(second.id, 'order.rescheduled')).toHaveLength(1);

    loseNextAnswer(series, 'changeFrom');
    const changed = await post(id, 'this-and-future', {
      date: fifth.date,
      rule: { kind: 'every_2_weeks' },
    }).expect(200);
    const successor = (changed.body as { id: string }).id;
    expect(successor).not.toBe(id);
    const all = await system.sql<{ id: string }>(
      'SELECT id FROM orders.order_series WHERE customer_id = $1',
      [c.customerId],
    );
    expect(all.map((r) => r.id).sort()).toEqual([id, successor].sort());

    loseNextAnswer(series, 'end');
    expect((await post(successor, 'end', {}).expect(200)).body).toMatchObject({ status: 'ended' });
    // Ending it again is a new request: refused as before.
    await post(successor, 'end', {}).expect(409);
  });

  it('a new price without a start date: one price row, effective from when it was asked for', async () => {
    const admin = await system.tokenFor('admin');
    const prices = () =>
      system.sql<{ n: string }>(`SELECT count(*) AS n FROM orders.catalog_prices WHERE code = 'uuni'`);
    const before = Number((await prices())[0].n);
    loseNextAnswer(system.services.get('orders')!.get(CatalogService), 'setPrice');
    await request(url)
      .post('/api/v1/admin/catalog/add-ons/uuni/prices')
      .set(bearer(admin))
      .send({ vatCode: 'general', workShareBp: 10000, priceCents: 3100, minutes: 30 })
      .expect(201);
    expect(Number((await prices())[0].n)).toBe(before + 1);
  });

  it("a provider's release: answered with the order they gave back, one order.released", async () => {
    const c = await register(url);
    const { orderId, provider } = await assigned(c);
    loseNextAnswer(system.services.get('orders')!.get(OffersService), 'release');
    const res = await request(url)
      .post(`/api/v1/provider/orders/${orderId}/release`)
      .set(bearer(provider))
      .send({ reason: 'Sairastuin' })
      .expect(200);
    expect(res.body).toMatchObject({ id: orderId });
    expect(res.body).toMatchObject({ address: null });
    expect(await publishedFor(orderId, 'order.released')).toHaveLength(1);
    // Releasing it again is a new request: it is not theirs any more.
    await request(url)
      .post(`/api/v1/provider/orders/${orderId}/release`)
      .set(bearer(provider))
      .send({})
      .expect(404);
  });
});
