import type { ErasureReceipt, PrivacyRequestView, SubjectExportDocument } from '@offera/contracts';
import { scanPostgres, scanRedis, waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, newCustomer, register } from '../support/api.js';
import { inDays, inMinutes, offerOrder, openOfferIds, placeOrder } from '../support/booking.js';
import { MailSink } from '../support/mail-sink.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const PASSWORD = 'provider passphrase 123';

/**
 * Providers are data subjects too (issue 14 point 12): a provider's access and erasure requests
 * go through the same saga as a customer's. After the erasure nothing of the provider is left
 * in any schema, Redis or the logs; the orders they worked keep only a pseudonym of them.
 */
describe('Privacy: providers and staff as data subjects', () => {
  let system: TestSystem;
  let mail: MailSink;
  let url: string;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: {
        SMTP_URL: mail.url,
        ORDERS_SCHEDULE_JOBS: 'false',
        DELIVERY_BACKOFF_MS: '100',
        EXCESSIVE_REQUESTS_COUNT: '100',
      },
    });
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  const waitCompleted = (token: string, id: string) =>
    waitFor(
      async () => {
        const r = await request(url).get(`/api/v1/privacy/requests/${id}`).set(bearer(token));
        const body = r.body as PrivacyRequestView;
        return body.status === 'completed' ? body : null;
      },
      { timeoutMs: 20_000, description: `request ${id} to complete` },
    );

  /**
   * An erasure's receipts, once it completed; read behind the API, since the erased subject's
   * own session may no longer be honoured.
   */
  const erased = async (requestId: string): Promise<Record<string, ErasureReceipt['erased']>> => {
    await waitFor(
      async () =>
        (
          await system.sql<{ status: string }>('SELECT status FROM privacy.requests WHERE id = $1', [
            requestId,
          ])
        )[0]?.status === 'completed',
      { timeoutMs: 20_000, description: `erasure ${requestId} to complete` },
    );
    const rows = await system.sql<{ service: string; erased: ErasureReceipt['erased'] }>(
      'SELECT service, erased FROM privacy.request_receipts WHERE request_id = $1',
      [requestId],
    );
    return Object.fromEntries(rows.map((r) => [r.service, r.erased]));
  };

  it('gets their own data, and after erasure is gone everywhere but as a pseudonym on past work', async () => {
    const admin = await system.tokenFor('admin');
    const operator = await system.tokenFor('operator');
    const who = newCustomer();
    const p = {
      role: 'provider',
      email: `provider.${who.email}`,
      password: PASSWORD,
      firstName: who.firstName,
      lastName: who.lastName,
      // An area away from the orders', so only the operator's offers reach them (no automatic round).
      provider: { kind: 'person', postalCodes: ['99990'], serviceCodes: ['kotisiivous'] },
    };
    const created = await request(url).post('/api/v1/admin/accounts').set(bearer(admin)).send(p).expect(201);
    const providerId = (created.body as { id: string }).id;
    const provider = (
      await request(url).post('/api/v1/auth/login').send({ email: p.email, password: PASSWORD }).expect(200)
    ).body.accessToken as string;
    const comment = `Avain palautettu ${who.lastName}`;
    const reason = `Sairastuin ${who.firstName}`;

    // A customer whose three orders the provider takes: one done (commented and rated), one
    // released with a reason, one still ahead of them.
    const c = await register(url);
    const order = {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      frequency: 'one_off',
      address: { street: 'Tarjouskuja 5', postalCode: '00560', city: 'Helsinki' },
      paymentMethod: 'invoice',
    };
    const take = async (startsAt: string) => {
      const orderId = await placeOrder(url, c, { ...order, startsAt });
      await offerOrder(url, operator, orderId, [providerId]);
      const [offerId] = await openOfferIds(url, provider, orderId);
      await request(url).post(`/api/v1/provider/offers/${offerId}/accept`).set(bearer(provider)).expect(200);
      return orderId;
    };
    // A visit may be started only shortly before its slot.
    const done = await take(inMinutes(30));
    await request(url).post(`/api/v1/provider/orders/${done}/start`).set(bearer(provider)).expect(200);
    await request(url)
      .post(`/api/v1/provider/orders/${done}/comments`)
      .set(bearer(provider))
      .send({ body: comment })
      .expect(201);
    await request(url).post(`/api/v1/provider/orders/${done}/complete`).set(bearer(provider)).expect(200);
    await request(url)
      .post(`/api/v1/orders/${done}/rating`)
      .set(bearer(c.accessToken))
      .send({ rating: 4, comment: 'Hyvä' })
      .expect(201);
    const released = await take(inDays(12));
    await request(url)
      .post(`/api/v1/provider/orders/${released}/release`)
      .set(bearer(provider))
      .send({ reason })
      .expect(200);
    const ahead = await take(inDays(14));
    // Offers reached the provider by email.
    await waitFor(() => mail.to(p.email).length >= 3, { timeoutMs: 15_000, description: 'offers mailed' });

    // Access: their own details and work, without the customer's details.
    const access = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(provider))
      .send({ type: 'access' })
      .expect(202);
    await waitCompleted(provider, (access.body as { id: string }).id);
    const exported = (
      await request(url)
        .get(`/api/v1/privacy/requests/${(access.body as { id: string }).id}/export`)
        .set(bearer(provider))
        .expect(200)
    ).body as SubjectExportDocument;
    const customers = exported.services.customers ?? {};
    const orders = exported.services.orders ?? {};
    expect(customers.account).toEqual([expect.objectContaining({ email: p.email, role: 'provider' })]);
    expect(customers.contact_profile).toEqual([
      expect.objectContaining({ firstName: p.firstName, lastName: p.lastName }),
    ]);
    expect(customers.provider).toEqual([
      expect.objectContaining({ kind: 'person', postalCodes: ['99990'], serviceCodes: ['kotisiivous'] }),
    ]);
    expect(orders.provider_comments_written).toEqual([
      expect.objectContaining({ order_id: done, body: comment }),
    ]);
    expect(orders.provider_offers).toEqual(
      expect.arrayContaining([expect.objectContaining({ order_id: released, release_reason: reason })]),
    );
    expect(orders.provider_jobs).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: done, status: 'completed' })]),
    );
    expect(orders.provider_ratings_received).toEqual([
      expect.objectContaining({ order_id: done, rating: 4 }),
    ]);
    const text = JSON.stringify(exported.services);
    for (const other of [c.email, c.firstName, c.lastName, 'Tarjouskuja']) expect(text).not.toContain(other);

    // Erasure, through the same saga.
    const erasure = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(provider))
      .send({ type: 'erasure' })
      .expect(202);
    const receipts = await erased((erasure.body as { id: string }).id);
    expect(receipts.customers).toMatchObject({
      accounts: 1,
      contact_profiles: 1,
      providers: 1,
      provider_postal_codes: 1,
      provider_services: 1,
    });
    expect(receipts.orders).toMatchObject({
      provider_offers: 3,
      provider_comments: 1,
      provider_assignments: 1,
      provider_orders_pseudonymised: 1,
      provider_ratings_pseudonymised: 1,
    });

    // The completed job keeps a pseudonym (the same on the order and its rating); the job
    // ahead is back to be offered again; the released one was never theirs to keep.
    const rows = await system.sql<{ id: string; status: string; provider_id: string | null }>(
      'SELECT id, status, provider_id FROM orders.orders WHERE id = ANY($1)',
      [[done, released, ahead]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[done]).toMatchObject({ status: 'completed', provider_id: expect.any(String) });
    expect(byId[done].provider_id).not.toBe(providerId);
    expect(byId[ahead]).toMatchObject({ status: 'requested', provider_id: null });
    expect(byId[released].provider_id).toBeNull();
    const [rating] = await system.sql<{ provider_id: string }>(
      'SELECT provider_id FROM orders.order_ratings WHERE order_id = $1',
      [done],
    );
    expect(rating.provider_id).toBe(byId[done].provider_id);

    // The outcome notice reaches them from the sealed address, and then nothing of them is left.
    await waitFor(() => mail.to(p.email).some((m) => m.subject === 'Henkilötietosi on poistettu'), {
      timeoutMs: 15_000,
      description: 'the erasure outcome notice',
    });
    const needles = [p.email, p.firstName, p.lastName, providerId, comment, reason];
    await waitFor(async () => (await scanPostgres(system.db.adminUrl, needles)).length === 0, {
      timeoutMs: 15_000,
      description: 'no trace of the provider in Postgres',
    });
    expect(await scanPostgres(system.db.adminUrl, needles)).toEqual([]);
    expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
    for (const needle of needles) expect(system.logs.text()).not.toContain(needle);
    // The customer's own data is untouched.
    expect((await scanPostgres(system.db.adminUrl, [c.email])).length).toBeGreaterThan(0);
  });

  it('a staff member is erased through the same saga; their audit entries keep a pseudonym', async () => {
    const admin = await system.tokenFor('admin');
    const who = newCustomer();
    const staff = {
      role: 'dpo',
      email: `dpo.${who.email}`,
      password: PASSWORD,
      firstName: who.firstName,
      lastName: who.lastName,
    };
    const staffId = (
      (await request(url).post('/api/v1/admin/accounts').set(bearer(admin)).send(staff).expect(201)).body as {
        id: string;
      }
    ).id;
    const dpo = (
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: staff.email, password: PASSWORD })
        .expect(200)
    ).body.accessToken as string;

    // Their work: an identity-code reveal, a request entered from a letter, a disclosure, audit reads.
    const c = await register(url);
    await request(url)
      .put('/api/v1/me/identity-code')
      .set(bearer(c.accessToken))
      .send({ identityCode: '131052-308T', purpose: 'household_deduction' })
      .expect(200);
    await request(url)
      .post(`/api/v1/admin/customers/${c.customerId}/identity-code/reveal`)
      .set(bearer(dpo))
      .send({ reason: 'Household deduction form by phone' })
      .expect(200);
    await request(url)
      .post('/api/v1/admin/privacy/requests')
      .set(bearer(dpo))
      .send({ type: 'access', subjectId: c.customerId, verification: 'id_document' })
      .expect(201);
    await request(url)
      .post('/api/v1/admin/privacy/disclosures')
      .set(bearer(dpo))
      .send({
        subjectId: c.customerId,
        recipientKind: 'accounting_firm',
        recipientName: 'Tilitoimisto Testi Oy',
        purpose: 'Kirjanpito',
        categories: ['invoice'],
        country: 'FI',
      })
      .expect(201);
    await request(url).get('/api/v1/admin/audit').set(bearer(dpo)).expect(200);
    const before = await system.sql<{ n: string }>(
      'SELECT count(*) AS n FROM privacy.audit_log WHERE actor_id = $1',
      [staffId],
    );
    expect(Number(before[0].n)).toBeGreaterThanOrEqual(2);

    // Their own erasure request.
    const erasure = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(dpo))
      .send({ type: 'erasure' })
      .expect(202);
    const receipts = await erased((erasure.body as { id: string }).id);
    expect(receipts.customers).toMatchObject({
      accounts: 1,
      contact_profiles: 1,
      'identity_code_reveals.revealed_by': 1,
    });
    expect(receipts.privacy).toMatchObject({
      'audit_log.actor_id': Number(before[0].n),
      'requests.requested_by': 1,
      'disclosures.recorded_by': 1,
    });

    // The entries stay, under one pseudonym in every table of the privacy service.
    const audit = await system.sql<{ actor_id: string }>(
      `SELECT DISTINCT actor_id FROM privacy.audit_log WHERE actor_id LIKE 'pseudonym:%'`,
    );
    expect(audit).toHaveLength(1);
    const pseudonym = audit[0].actor_id;
    const [disclosure] = await system.sql<{ recorded_by: string }>(
      `SELECT recorded_by FROM privacy.disclosures WHERE recipient_name = 'Tilitoimisto Testi Oy'`,
    );
    expect(disclosure.recorded_by).toBe(pseudonym);
    const reveals = await system.sql<{ revealed_by: string }>(
      'SELECT revealed_by FROM customers.identity_code_reveals WHERE customer_id = $1',
      [c.customerId],
    );
    expect(reveals).toHaveLength(1);
    expect(reveals[0].revealed_by).not.toBe(staffId);
    // The log is still append-only otherwise.
    await expect(
      system.sql(`UPDATE privacy.audit_log SET action = 'x' WHERE actor_id = $1`, [pseudonym]),
    ).rejects.toThrow(/append-only/);
    await expect(
      system.sql(`UPDATE privacy.audit_log SET actor_id = 'someone' WHERE actor_id = $1`, [pseudonym]),
    ).rejects.toThrow(/append-only/);
    await expect(
      system.sql(`UPDATE customers.identity_code_reveals SET reason = 'x' WHERE customer_id = $1`, [
        c.customerId,
      ]),
    ).rejects.toThrow(/append-only/);
    // Another DPO still reads what was done, by whom only as the pseudonym.
    const other = await system.tokenFor('dpo');
    const entries = (await request(url).get('/api/v1/admin/audit').set(bearer(other)).expect(200)).body as {
      actorId: string;
    }[];
    expect(entries.some((e) => e.actorId === pseudonym)).toBe(true);

    await waitFor(() => mail.to(staff.email).some((m) => m.subject === 'Henkilötietosi on poistettu'), {
      timeoutMs: 15_000,
      description: 'the erasure outcome notice',
    });
    const needles = [staff.email, staff.firstName, staff.lastName, staffId];
    await waitFor(async () => (await scanPostgres(system.db.adminUrl, needles)).length === 0, {
      timeoutMs: 15_000,
      description: 'no trace of the staff member in Postgres',
    });
    expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
  });
});
