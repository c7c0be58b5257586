import { randomUUID } from 'node:crypto';
import type { ErasureReceipt } from '@offera/contracts';
import { scanPostgres, scanRedis, waitFor } from '@offera/testing';
import { DateTime } from 'luxon';
import request from 'supertest';
import { TokenService } from '../../apps/gateway/src/auth/token.service.js';
import { bearer, register } from '../support/api.js';
import { MailSink } from '../support/mail-sink.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const inDays = (days: number): string =>
  DateTime.now()
    .setZone('Europe/Helsinki')
    .plus({ days })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toISO() ?? '';

/**
 * Issue 6's proof: a subject with data in every service is erased, and afterwards nothing of
 * them is readable anywhere — every text column of every schema, every Redis key and value, the
 * logs — except the invoice fields accounting law makes the company keep, which the receipt names.
 */
describe('Privacy: erasure of a rich subject across every service', () => {
  let system: TestSystem;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: { SMTP_URL: mail.url, ORDERS_SCHEDULE_JOBS: 'false', DELIVERY_BACKOFF_MS: '100' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  it('leaves only the held invoice fields, and the receipt says so', async () => {
    const url = system.url;
    const c = await register(url);
    const auth = bearer(c.accessToken);
    const phone = '+358401234567';
    const identityCode = '131052-308T';
    const street = `Rikkaankuja ${Math.floor(Math.random() * 900) + 100}`;

    // Profile, identity code, address, consents.
    await request(url)
      .patch('/api/v1/me')
      .set(auth)
      .send({ phone: '040 123 4567', language: 'fi' })
      .expect(200);
    await request(url)
      .put('/api/v1/me/identity-code')
      .set(auth)
      .send({ identityCode, purpose: 'household_deduction' })
      .expect(200);
    await request(url)
      .post('/api/v1/me/addresses')
      .set(auth)
      .send({ street, postalCode: '33100', city: 'Tampere', latitude: 61.4978, longitude: 23.761 })
      .expect(201);
    await request(url).put('/api/v1/privacy/consents').set(auth).send({ marketing: true }).expect(200);

    // A recurring series, and a one-off visit taken to completed and invoiced, with a comment and a rating.
    const address = { street, postalCode: '33100', city: 'Tampere' };
    const order = {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      address,
      accessNotes: 'Avain postilaatikossa',
      pets: 'Kissa',
      extraInfo: 'Soita ennen tuloa',
      paymentMethod: 'invoice',
    };
    await request(url)
      .post('/api/v1/order-series')
      .set(auth)
      .send({ ...order, rule: { kind: 'weekly' }, start: inDays(3).slice(0, 16) })
      .expect(201);
    const placed = await request(url)
      .post('/api/v1/orders')
      .set(auth)
      // Soon: a visit can be started from an hour before its slot.
      .send({ ...order, startsAt: DateTime.now().plus({ minutes: 30 }).toISO(), frequency: 'one_off' })
      .expect(201);
    const orderId = placed.body.id as string;
    const tokens = system.gateway!.get(TokenService);
    const providerId = randomUUID();
    const provider = bearer(
      (
        await tokens.tokensFor({
          accountId: providerId,
          role: 'provider',
          refreshToken: 'unused',
          sessionVersion: 0,
        })
      ).accessToken,
    );
    const operator = bearer(
      (
        await tokens.tokensFor({
          accountId: randomUUID(),
          role: 'operator',
          refreshToken: 'unused',
          sessionVersion: 0,
        })
      ).accessToken,
    );
    await request(url)
      .post(`/api/v1/admin/orders/${orderId}/offer`)
      .set(operator)
      .send({ providerIds: [providerId] })
      .expect(200);
    const offers = await request(url).get('/api/v1/provider/offers').set(provider).expect(200);
    const offer = (offers.body as { offerId: string; order: { id: string } }[]).find(
      (o) => o.order.id === orderId,
    );
    await request(url).post(`/api/v1/provider/offers/${offer?.offerId}/accept`).set(provider).expect(200);
    await request(url).post(`/api/v1/provider/orders/${orderId}/start`).set(provider).expect(200);
    await request(url)
      .post(`/api/v1/provider/orders/${orderId}/comments`)
      .set(provider)
      .send({ body: 'Kissa ruokittu' })
      .expect(201);
    await request(url).post(`/api/v1/provider/orders/${orderId}/complete`).set(provider).expect(200);
    await request(url)
      .post(`/api/v1/orders/${orderId}/rating`)
      .set(auth)
      .send({ rating: 5, comment: 'Erinomainen' })
      .expect(201);

    // Notifications really went out to the subject.
    await waitFor(() => mail.to(c.email).length >= 2, {
      timeoutMs: 15_000,
      description: 'mails to the subject',
    });

    // Erase.
    const created = await request(url)
      .post('/api/v1/privacy/requests')
      .set(auth)
      .send({ type: 'erasure' })
      .expect(202);
    // Read over the transport: the subject's token is refused once their account is erased.
    const done = await system.privacyRequestWhen(
      created.body.id as string,
      c.customerId,
      'completed',
      20_000,
    );
    const receipts = Object.fromEntries(done.receipts.map((r) => [r.service, r])) as Record<
      string,
      ErasureReceipt
    >;
    expect(Object.keys(receipts).sort()).toEqual(['customers', 'notifications', 'orders', 'privacy']);
    expect(receipts.orders.withheld).toEqual([
      expect.objectContaining({ category: 'invoice', basis: 'Kirjanpitolaki 2:10 §', count: 1 }),
    ]);
    expect(receipts.customers.erased).toMatchObject({ customers: 1, accounts: 1, addresses: 1 });
    expect(receipts.orders.erased).toMatchObject({ order_series: 1, order_ratings: 1, order_comments: 1 });

    // The subject is told the outcome, from the address sealed before the customers service erased it.
    await waitFor(() => mail.to(c.email).some((m) => m.subject === 'Henkilötietosi on poistettu'), {
      timeoutMs: 15_000,
      description: 'the erasure outcome notice',
    });
    // Wait for the last notices about the erasure itself to be sent and forgotten.
    await waitFor(async () => (await scanPostgres(system.db.adminUrl, [c.email])).length === 0, {
      timeoutMs: 15_000,
      description: 'no trace of the email in Postgres',
    });

    const needles = [
      c.email,
      c.firstName,
      c.lastName,
      phone,
      '040 123 4567',
      identityCode,
      street,
      c.customerId,
    ];
    const hits = await scanPostgres(system.db.adminUrl, needles);
    // Only the held invoice: its buyer name and billing address.
    for (const hit of hits) {
      expect(`${hit.schema}.${hit.table}.${hit.column}`).toMatch(
        /^orders\.invoices\.(buyer_name|billing_address)$/,
      );
    }
    expect(hits.map((h) => h.needle).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`${c.firstName}|${c.lastName}|${street}`))]),
    );
    expect(hits.some((h) => [c.email, phone, identityCode, c.customerId].includes(h.needle))).toBe(false);
    expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
    for (const needle of needles) expect(system.logs.text()).not.toContain(needle);
  });
});
