import { randomUUID } from 'node:crypto';
import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { inDays, offerOrder, openOfferIds, placeOrder } from '../support/booking.js';
import { TestSystem } from '../support/system.js';

/**
 * Every service in this system drops the answer of each message's first delivery after the
 * commit (TRANSPORT_CHAOS=lose-first-answer), so every call below is delivered twice. Each
 * must answer as a single delivery would, and change things once; a new message asking for the
 * same change is still judged on its own.
 */
describe('Redelivery under TRANSPORT_CHAOS=lose-first-answer', () => {
  let system: TestSystem;
  let url: string;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['customers', 'orders'],
      env: { TRANSPORT_CHAOS: 'lose-first-answer', ORDERS_SCHEDULE_JOBS: 'false' },
    });
    url = system.url;
    admin = await system.tokenFor('admin');
    operator = await system.tokenFor('operator');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('creates a catalogue item once; creating it again is refused', async () => {
    const item = {
      code: 'ikkunapesu',
      nameFi: 'Ikkunanpesu',
      nameEn: 'Window washing',
      price: {
        vatCode: 'general',
        workShareBp: 10000,
        pricing: { kind: 'fixed', priceCents: 9000, minutes: 90 },
      },
    };
    const created = await request(url)
      .post('/api/v1/admin/catalog/services')
      .set(bearer(admin))
      .send(item)
      .expect(201);
    expect(created.body).toMatchObject({ code: 'ikkunapesu', pricing: { kind: 'fixed', priceCents: 9000 } });
    const rows = await system.sql(
      `SELECT (SELECT count(*)::int FROM orders.catalog_items WHERE code = 'ikkunapesu') AS items,
              (SELECT count(*)::int FROM orders.catalog_prices WHERE code = 'ikkunapesu') AS prices`,
    );
    expect(rows).toEqual([{ items: 1, prices: 1 }]);
    await request(url).post('/api/v1/admin/catalog/services').set(bearer(admin)).send(item).expect(409);
  });

  it('creates a discount code once; creating it again is refused', async () => {
    const code = {
      code: 'KAKSI10',
      kind: 'percent',
      percentBp: 1000,
      appliesTo: ['one_off'],
      newCustomersOnly: false,
    };
    const created = await request(url).post('/api/v1/admin/discount-codes').set(bearer(admin)).send(code);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'KAKSI10', active: true });
    expect(await system.sql(`SELECT code FROM orders.discount_codes WHERE code = 'KAKSI10'`)).toHaveLength(1);
    await request(url).post('/api/v1/admin/discount-codes').set(bearer(admin)).send(code).expect(409);
  });

  it('offers an order once when an operator offers it to providers', async () => {
    const c = await register(url);
    const providerIds = [randomUUID(), randomUUID()];
    const orderId = await placeOrder(url, c, {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      startsAt: inDays(10),
      frequency: 'one_off',
      address: { street: 'Kaksoiskatu 2', postalCode: '00100', city: 'Helsinki' },
      paymentMethod: 'invoice',
    });
    await offerOrder(url, operator, orderId, providerIds);
    for (const providerId of providerIds) {
      const provider = await system.tokenFor('provider', providerId);
      expect(await openOfferIds(url, provider, orderId)).toHaveLength(1);
    }
    const offers = await system.sql(`SELECT provider_id FROM orders.order_offers WHERE order_id = $1`, [
      orderId,
    ]);
    expect(offers).toHaveLength(2);
  });

  it('removes a saved address with 204; removing it again is 404', async () => {
    const c = await register(url);
    const added = await request(url)
      .post('/api/v1/me/addresses')
      .set(bearer(c.accessToken))
      .send({ street: 'Poistotie 4', postalCode: '00100', city: 'Helsinki' })
      .expect(201);
    const path = `/api/v1/me/addresses/${(added.body as { id: string }).id}`;
    await request(url).delete(path).set(bearer(c.accessToken)).expect(204);
    await request(url).delete(path).set(bearer(c.accessToken)).expect(404);
    const history = await system.sql(
      `SELECT field FROM customers.rectification_history WHERE customer_id = $1 AND field = 'address.removed'`,
      [c.customerId],
    );
    expect(history).toHaveLength(1);
  });

  it('answers a retention sweep with what its first delivery deleted', async () => {
    const c = await register(url);
    await system.sql(
      `INSERT INTO customers.ip_addresses (account_id, ip, context, seen_at)
       VALUES ($1, '192.0.2.9', 'login', now() - interval '400 days')`,
      [c.customerId],
    );
    const bus = system.gateway!.get(MessageBus);
    await expect(bus.send('customers.purge-expired-ips', {})).resolves.toEqual({
      purged: 1,
      erasureReceipts: 0,
    });
    await expect(bus.send('customers.purge-expired-ips', {})).resolves.toEqual({
      purged: 0,
      erasureReceipts: 0,
    });
  });

  it('starts one session for a registration and one for a sign-in, each usable', async () => {
    const c = await register(url);
    const sessions = () =>
      system.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM customers.refresh_tokens WHERE account_id = $1`,
        [c.customerId],
      );
    expect(await sessions()).toEqual([{ n: 1 }]);
    const signedIn = await request(url)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: c.password })
      .expect(200);
    expect(await sessions()).toEqual([{ n: 2 }]);
    const ips = await system.sql(
      `SELECT 1 FROM customers.ip_addresses WHERE account_id = $1 AND context = 'login'`,
      [c.customerId],
    );
    expect(ips.length).toBeLessThanOrEqual(1);
    for (const refreshToken of [c.refreshToken, (signedIn.body as { refreshToken: string }).refreshToken])
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
  });

  it('counts a failed sign-in once; a new attempt counts again', async () => {
    const c = await register(url);
    const failures = async () =>
      (
        await system.sql<{ failures: number }>(`SELECT failures FROM customers.login_throttles ORDER BY key`)
      ).map((r) => r.failures);
    const wrong = { email: c.email, password: 'wrong password!!' };
    await request(url).post('/api/v1/auth/login').send(wrong).expect(401);
    const once = await failures();
    expect(once.length).toBeGreaterThan(0);
    await request(url).post('/api/v1/auth/login').send(wrong).expect(401);
    expect(await failures()).toEqual(once.map((n) => n + 1));
  });

  it('counts a wrong current password once when changing it', async () => {
    const c = await register(url);
    const total = async () =>
      (
        await system.sql<{ n: number }>(
          `SELECT coalesce(sum(failures), 0)::int AS n FROM customers.login_throttles`,
        )
      )[0].n;
    const before = await total();
    const res = await request(url)
      .post('/api/v1/auth/change-password')
      .set(bearer(c.accessToken))
      .send({ currentPassword: 'not the password', newPassword: 'a brand new password' });
    expect({ status: res.status, reason: (res.body as { reason?: string }).reason }).toEqual({
      status: 403,
      reason: 'WRONG_PASSWORD',
    });
    // The account's key only: a password change carries no client IP.
    expect(await total()).toBe(before + 1);
  });

  it('answers a rectification and a restriction with their first receipts', async () => {
    const c = await register(url);
    const bus = system.gateway!.get(MessageBus);
    const requestId = randomUUID();
    const fields = { lastName: 'Kahdesti' };
    await expect(
      bus.send('customers.rectify-subject', { requestId, subjectId: c.customerId, fields }),
    ).resolves.toEqual({ service: 'customers', rectified: { customers: 1, accounts: 0 } });
    // A new message for the same change is judged on its own: nothing left to change.
    await expect(
      bus.send('customers.rectify-subject', { requestId, subjectId: c.customerId, fields }),
    ).resolves.toEqual({ service: 'customers', rectified: { customers: 0, accounts: 0 } });
    const restrict = { requestId, subjectId: c.customerId, restricted: true };
    await expect(bus.send('customers.restrict-subject', restrict)).resolves.toEqual({
      service: 'customers',
      applied: true,
    });
    await expect(bus.send('customers.restrict-subject', restrict)).resolves.toEqual({
      service: 'customers',
      applied: false,
    });
    const history = await system.sql<{ field: string }>(
      `SELECT field FROM customers.rectification_history WHERE customer_id = $1 ORDER BY field`,
      [c.customerId],
    );
    expect(history.map((h) => h.field)).toEqual(['lastName', 'restricted']);
  });
});
