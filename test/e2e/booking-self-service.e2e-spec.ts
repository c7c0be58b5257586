import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, newCustomer, register } from '../support/api.js';
import { inDays, inHours, placeOrder } from '../support/booking.js';
import { OrdersService } from '../../apps/orders/src/orders/orders.service.js';
import { SeriesService } from '../../apps/orders/src/series/series.service.js';
import { MailSink } from '../support/mail-sink.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { TestSystem } from '../support/system.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  addOns: [],
  startsAt: inDays(10),
  frequency: 'one_off',
  address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
  paymentMethod: 'invoice',
  ...overrides,
});

describe('Booking self-service: cancellation preview, saved addresses, anonymous quote', () => {
  let system: TestSystem;
  let url: string;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      services: ['customers', 'orders', 'notifications'],
      env: {
        SMTP_URL: mail.url,
        DELIVERY_BACKOFF_MS: '100',
        PUBLIC_QUOTE_RATE_LIMIT_PER_MINUTE: '6',
        // The anonymous quote is limited per client IP, taken from X-Forwarded-For.
        TRUST_PROXY: 'true',
      },
    });
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  describe('self-registration with phone and language', () => {
    const accountsWith = async (email: string) =>
      (await system.sql('SELECT id FROM customers.accounts WHERE lower(email) = lower($1)', [email])).length;

    it('stores the phone as E.164 and the language, and welcomes in English', async () => {
      const person = newCustomer();
      const res = await request(url)
        .post('/api/v1/auth/register')
        .send({ ...person, phone: '040 123 4567', language: 'en' })
        .expect(201);
      const me = await request(url)
        .get('/api/v1/me')
        .set(bearer(res.body.accessToken as string))
        .expect(200);
      expect(me.body).toMatchObject({ phone: '+358401234567', language: 'en' });
      await waitFor(() => mail.to(person.email).length === 1, {
        timeoutMs: 10_000,
        description: 'the welcome email',
      });
      expect(mail.to(person.email)[0].subject).toBe('Welcome to Offera');
    });

    it('defaults to Finnish without a phone', async () => {
      const c = await register(url);
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body).toMatchObject({ phone: null, language: 'fi' });
      await waitFor(() => mail.to(c.email).length === 1, {
        timeoutMs: 10_000,
        description: 'the welcome email',
      });
      expect(mail.to(c.email)[0].subject).toBe('Tervetuloa Offeraan');
    });

    it('refuses a bad phone or language with 400 and creates nothing', async () => {
      const person = newCustomer();
      for (const bad of [
        { phone: '123' }, // the right shape, but no number (the service's check)
        { phone: 'call me' },
        { phone: 4012345 },
        { language: 'sv' },
        { language: '' },
      ]) {
        const res = await request(url)
          .post('/api/v1/auth/register')
          .send({ ...person, ...bad })
          .expect(400);
        expect(JSON.stringify(res.body)).not.toContain(String(Object.values(bad)[0]) || '\u0000');
      }
      expect(await accountsWith(person.email)).toBe(0);
      // The same person can then register with good values.
      await request(url)
        .post('/api/v1/auth/register')
        .send({ ...person, phone: '+358 40 765 4321', language: 'fi' })
        .expect(201);
      expect(await accountsWith(person.email)).toBe(1);
    });
  });

  describe('saved addresses in orders and series', () => {
    const saveAddress = async (token: string) =>
      (
        await request(url)
          .post('/api/v1/me/addresses')
          .set(bearer(token))
          .send({
            street: 'Tallennettukatu 7 B 9',
            postalCode: '00530',
            city: 'Helsinki',
            latitude: 60.18,
            longitude: 24.95,
          })
          .expect(201)
      ).body.id as string;
    const ordersOf = async (customerId: string) =>
      (await system.sql('SELECT id FROM orders.orders WHERE customer_id = $1', [customerId])).length;
    const seriesOf = async (customerId: string) =>
      (await system.sql('SELECT id FROM orders.order_series WHERE customer_id = $1', [customerId])).length;

    it('places an order at a saved address, snapshotting it with its coordinates', async () => {
      const c = await register(url);
      const addressId = await saveAddress(c.accessToken);
      const res = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ address: undefined, addressId }))
        .expect(201);
      expect(res.body).toMatchObject({
        address: { street: 'Tallennettukatu 7 B 9', postalCode: '00530', city: 'Helsinki' },
        latitude: 60.18,
        longitude: 24.95,
      });
      // A snapshot: changing the saved address later leaves the order as it was.
      await request(url)
        .patch(`/api/v1/me/addresses/${addressId}`)
        .set(bearer(c.accessToken))
        .send({ street: 'Muutettu 1' })
        .expect(200);
      const order = await request(url)
        .get(`/api/v1/orders/${res.body.id as string}`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(order.body.address.street).toBe('Tallennettukatu 7 B 9');
    });

    it('creates a series at a saved address', async () => {
      const c = await register(url);
      const addressId = await saveAddress(c.accessToken);
      const res = await request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .send({
          ...orderBody({ address: undefined, addressId, startsAt: undefined, frequency: undefined }),
          rule: { kind: 'weekly' },
          start: inDays(3).slice(0, 16),
        })
        .expect(201);
      const visits = await system.sql<{ address: { street: string }; postal_code: string }>(
        'SELECT address, postal_code FROM orders.orders WHERE series_id = $1',
        [res.body.id],
      );
      expect(visits.length).toBeGreaterThan(0);
      expect(
        visits.every((v) => v.address.street === 'Tallennettukatu 7 B 9' && v.postal_code === '00530'),
      ).toBe(true);
    });

    it("refuses someone else's, an unknown or a malformed id, both or neither, and creates nothing", async () => {
      const c = await register(url);
      const other = await register(url);
      const foreign = await saveAddress(other.accessToken);
      const own = await saveAddress(c.accessToken);
      const place = (body: Record<string, unknown>) =>
        request(url).post('/api/v1/orders').set(bearer(c.accessToken)).send(orderBody(body));
      const series = (body: Record<string, unknown>) =>
        request(url)
          .post('/api/v1/order-series')
          .set(bearer(c.accessToken))
          .send({
            ...orderBody({ startsAt: undefined, frequency: undefined, ...body }),
            rule: { kind: 'weekly' },
            start: inDays(3).slice(0, 16),
          });
      for (const send of [place, series]) {
        const res = await send({ address: undefined, addressId: foreign }).expect(404);
        expect(res.body.reason).toBe('ADDRESS_NOT_FOUND');
        expect(JSON.stringify(res.body)).not.toContain('Tallennettukatu');
        await send({ address: undefined, addressId: '6a1f4c1e-1d4b-4f3e-9a55-0d3c2b1a0f9e' }).expect(404);
        await send({ address: undefined, addressId: 'not-an-id' }).expect(400);
        const both = await send({ addressId: own }).expect(400);
        expect(JSON.stringify(both.body)).toMatch(/not both/);
        const neither = await send({ address: undefined }).expect(400);
        expect(JSON.stringify(neither.body)).toMatch(/address or addressId is required/);
      }
      // Visits are in Finland: a saved address abroad is refused like a given one would be.
      const abroad = (
        await request(url)
          .post('/api/v1/me/addresses')
          .set(bearer(c.accessToken))
          .send({ street: 'Drottninggatan 1', postalCode: '111 51', city: 'Stockholm', country: 'SE' })
          .expect(201)
      ).body.id as string;
      for (const send of [place, series]) {
        const res = await send({ address: undefined, addressId: abroad }).expect(400);
        expect(JSON.stringify(res.body)).toMatch(/Finnish address/);
      }
      expect(await ordersOf(c.customerId)).toBe(0);
      expect(await seriesOf(c.customerId)).toBe(0);
      await request(url)
        .post('/api/v1/orders')
        .send(orderBody({ address: undefined, addressId: own }))
        .expect(401);
    });

    it('answers a redelivered placement with its order, even when the saved address has gone since', async () => {
      const c = await register(url);
      const addressId = await saveAddress(c.accessToken);
      const orders = system.services.get('orders')!.get(OrdersService);
      const real = orders.place.bind(orders);
      // The order is placed, the customer removes the address, and the answer is lost.
      orders.place = async (...args: Parameters<OrdersService['place']>) => {
        Reflect.deleteProperty(orders, 'place');
        await real(...args);
        await request(url).delete(`/api/v1/me/addresses/${addressId}`).set(bearer(c.accessToken)).expect(204);
        throw new Error('connection reset after the commit');
      };
      const res = await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ address: undefined, addressId }))
        .expect(201);
      expect(res.body.address.street).toBe('Tallennettukatu 7 B 9');
      expect(await ordersOf(c.customerId)).toBe(1);
      // A new request with the removed address is a 404.
      await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send(orderBody({ address: undefined, addressId }))
        .expect(404);
    });

    it('creates one series when its creation at a saved address is delivered again', async () => {
      const c = await register(url);
      const addressId = await saveAddress(c.accessToken);
      loseNextAnswer(system.services.get('orders')!.get(SeriesService), 'create');
      await request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .send({
          ...orderBody({ address: undefined, addressId, startsAt: undefined, frequency: undefined }),
          rule: { kind: 'weekly' },
          start: inDays(3).slice(0, 16),
        })
        .expect(201);
      expect(await seriesOf(c.customerId)).toBe(1);
    });

    it('documents addressId on orders and series', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      const schemas = doc.body.components.schemas as Record<
        string,
        { properties: object; required?: string[] }
      >;
      for (const name of ['PlaceOrderDto', 'CreateSeriesDto']) {
        expect(schemas[name].properties).toHaveProperty('addressId');
        expect(schemas[name].required ?? []).not.toContain('address');
      }
    });
  });

  describe('anonymous quote', () => {
    let ipSerial = 20;
    /** Each test quotes from its own address (TRUST_PROXY is on), so the limit stays per test. */
    const nextIp = () => `203.0.113.${++ipSerial}`;
    const quoteBody = (overrides: Record<string, unknown> = {}) => ({
      serviceCode: 'kotisiivous',
      durationMinutes: 180,
      addOns: [{ code: 'uuni', quantity: 1 }],
      startsAt: inDays(12),
      frequency: 'one_off',
      ...overrides,
    });
    const anonymous = (body: Record<string, unknown>, ip: string) =>
      request(url).post('/api/v1/catalog/quote').set('x-forwarded-for', ip).send(body);
    const allOrders = async () =>
      Number((await system.sql<{ n: string }>('SELECT count(*) AS n FROM orders.orders'))[0].n);

    it("prices like a new customer's signed-in quote, without a token, storing nothing", async () => {
      const ip = nextIp();
      const before = await allOrders();
      const res = await anonymous(quoteBody(), ip).expect(200);
      expect(res.body).toMatchObject({ currency: 'EUR', totalGrossCents: expect.any(Number) });
      expect(res.body.totalGrossCents).toBeGreaterThan(0);
      const c = await register(url);
      const signedIn = await request(url)
        .post('/api/v1/orders/quote')
        .set(bearer(c.accessToken))
        .send(quoteBody())
        .expect(200);
      expect(res.body).toEqual(signedIn.body);
      // A recurring rhythm previews the series price per visit, discount included.
      const weekly = await anonymous(quoteBody({ frequency: 'weekly' }), ip).expect(200);
      expect(weekly.body.totalGrossCents).toBeLessThan(res.body.totalGrossCents as number);
      expect(await allOrders()).toBe(before);
    });

    it('refuses personal fields, a discount code and bad input with 400', async () => {
      const ip = nextIp();
      const before = await allOrders();
      for (const bad of [
        { discountCode: 'KEVAT10' },
        { customerId: '6a1f4c1e-1d4b-4f3e-9a55-0d3c2b1a0f9e' },
        { serviceCode: 'ei-ole' },
        { startsAt: inDays(-1) },
        { frequency: 'daily' },
      ]) {
        await anonymous(quoteBody(bad), ip).expect(400);
      }
      expect(await allOrders()).toBe(before);
    });

    it('is limited per IP, apart from sign-in and signed-in quotes', async () => {
      const ip = nextIp();
      for (let i = 0; i < 6; i++) await anonymous(quoteBody(), ip).expect(200);
      const limited = await anonymous(quoteBody(), ip).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Bad input counts too: the limit is checked before the body.
      await anonymous({ nonsense: true }, ip).expect(429);
      // Another address still quotes; this address can still sign in and quote signed in.
      await anonymous(quoteBody(), nextIp()).expect(200);
      const c = await register(url);
      await request(url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ email: c.email, password: c.password })
        .expect(200);
      await request(url)
        .post('/api/v1/orders/quote')
        .set('x-forwarded-for', ip)
        .set(bearer(c.accessToken))
        .send(quoteBody())
        .expect(200);
    });

    it('is described in the OpenAPI document as public, without a discount code', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      const paths = doc.body.paths as Record<
        string,
        Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
      >;
      const op = paths['/api/v1/catalog/quote'].post;
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '429']));
      expect(op.security ?? []).toEqual([]);
      const schema = doc.body.components.schemas.AnonymousQuoteDto as { properties: object };
      expect(schema.properties).toHaveProperty('startsAt');
      expect(schema.properties).not.toHaveProperty('discountCode');
    });
  });

  describe('cancellation preview', () => {
    it('shows a free cancellation with its deadline and the policy, and changes nothing', async () => {
      const c = await register(url);
      const id = await placeOrder(url, c, orderBody());
      const res = await request(url)
        .get(`/api/v1/orders/${id}/cancellation`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(res.body).toMatchObject({
        orderId: id,
        status: 'requested',
        cancellable: true,
        reason: 'within_free_period',
        feeCents: 0,
        free: true,
        totalCents: 9980,
        policy: { freeUntilHoursBefore: 24, lateFee: { kind: 'percent', percentBp: 5000 } },
      });
      expect(new Date(res.body.freeUntil as string).getTime()).toBe(
        new Date(inDays(10)).getTime() - 24 * 3_600_000,
      );
      const order = await request(url).get(`/api/v1/orders/${id}`).set(bearer(c.accessToken)).expect(200);
      expect(order.body).toMatchObject({ status: 'requested', cancellationFeeCents: null });
      const cancelled = await request(url)
        .post(`/api/v1/orders/${id}/cancel`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationFeeCents: 0 });
      // A cancelled order cannot be cancelled again: the preview says so.
      const after = await request(url)
        .get(`/api/v1/orders/${id}/cancellation`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(after.body).toMatchObject({
        cancellable: false,
        reason: 'not_cancellable',
        feeCents: 0,
        free: false,
      });
    });

    it('previews the late fee that the cancel then charges', async () => {
      const c = await register(url);
      const id = await placeOrder(url, c, orderBody({ startsAt: inHours(5) }));
      const preview = await request(url)
        .get(`/api/v1/orders/${id}/cancellation`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(preview.body).toMatchObject({
        cancellable: true,
        reason: 'late_cancellation',
        feeCents: 4990,
        free: false,
      });
      expect(new Date(preview.body.freeUntil as string).getTime()).toBeLessThan(Date.now());
      const cancelled = await request(url)
        .post(`/api/v1/orders/${id}/cancel`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(cancelled.body.cancellationFeeCents).toBe(preview.body.feeCents);
    });

    it("answers 404 for someone else's or an unknown order, 400 for a bad id, 401 without a token", async () => {
      const owner = await register(url);
      const other = await register(url);
      const id = await placeOrder(url, owner, orderBody());
      await request(url).get(`/api/v1/orders/${id}/cancellation`).set(bearer(other.accessToken)).expect(404);
      await request(url)
        .get('/api/v1/orders/6a1f4c1e-1d4b-4f3e-9a55-0d3c2b1a0f9e/cancellation')
        .set(bearer(owner.accessToken))
        .expect(404);
      await request(url)
        .get('/api/v1/orders/not-a-uuid/cancellation')
        .set(bearer(owner.accessToken))
        .expect(400);
      await request(url).get(`/api/v1/orders/${id}/cancellation`).expect(401);
      const staff = await system.tokenFor('operator');
      await request(url).get(`/api/v1/orders/${id}/cancellation`).set(bearer(staff)).expect(403);
    });

    it('is described in the OpenAPI document, with the registration inputs', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      const paths = doc.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
      const op = paths['/api/v1/orders/{id}/cancellation'].get;
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
      expect(doc.body.components.schemas.CancellationPreviewDto.properties).toHaveProperty('freeUntil');
      expect(doc.body.components.schemas.RegisterDto.properties).toMatchObject({
        phone: { type: 'string' },
        language: { enum: ['fi', 'en'] },
      });
    });
  });
});
