import { ErrorCode } from '@offera/contracts';
import { connectPg, withDatabase, withPgClient } from '@offera/database';
import { scanPostgres, scanRedis, waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, newCustomer, register } from '../support/api.js';
import { AccountsService } from '../../apps/customers/src/accounts/accounts.service.js';
import { MailSink } from '../support/mail-sink.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

describe('Foundation: the vertical slice end to end', () => {
  let system: TestSystem;
  let url: string;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({ env: { SMTP_URL: mail.url, DELIVERY_BACKOFF_MS: '100' } });
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  const countAccounts = () =>
    withPgClient(system.db.adminUrl, async (c) => {
      const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM customers.accounts');
      return Number(r.rows[0].n);
    });

  describe('registration and sign-in', () => {
    it('registers a customer, hashing the password with argon2id', async () => {
      const customer = newCustomer();
      const res = await request(url).post('/api/v1/auth/register').send(customer).expect(201);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        customerId: expect.any(String),
        accountId: res.body.customerId,
        role: 'customer',
        expiresIn: 900,
      });
      const row = await withPgClient(system.db.adminUrl, (c) =>
        c.query<{ password_hash: string }>('SELECT password_hash FROM customers.accounts WHERE id = $1', [
          res.body.customerId,
        ]),
      );
      expect(row.rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(row.rows[0].password_hash).not.toContain(customer.password);
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('signs in with the right password only', async () => {
      const c = await register(url);
      const ok = await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: c.password })
        .expect(200);
      expect(ok.body).toMatchObject({ accountId: c.customerId, role: 'customer' });
      const wrong = await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: 'not the password' })
        .expect(401);
      expect(wrong.body).toMatchObject({
        code: ErrorCode.Unauthenticated,
        message: 'Wrong email or password',
      });
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: `nobody.${c.email}`, password: c.password })
        .expect(401);
      // Email is matched case-insensitively.
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email.toUpperCase(), password: c.password })
        .expect(200);
    });

    it('refuses a second account for the same email, in any case', async () => {
      const c = await register(url);
      const before = await countAccounts();
      const res = await request(url)
        .post('/api/v1/auth/register')
        .send({ ...newCustomer(), email: c.email.toUpperCase() })
        .expect(409);
      expect(res.body).toMatchObject({ code: ErrorCode.Conflict, reason: 'EMAIL_TAKEN' });
      expect(await countAccounts()).toBe(before);
    });

    it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
      const c = await register(url);
      const first = await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: c.refreshToken })
        .expect(200);
      const second = await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken })
        .expect(200);
      // The first token again: reuse. Its family, including the newest token, is revoked.
      const reuse = await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: c.refreshToken })
        .expect(401);
      expect(reuse.body).toMatchObject({ reason: 'REFRESH_TOKEN_REUSED' });
      await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.body.refreshToken })
        .expect(401);
    });

    it('a registration delivered twice (its answer lost after the commit) signs in, once', async () => {
      const customer = newCustomer();
      const events = system.recordEvents('customers');
      loseNextAnswer(system.services.get('customers')!.get(AccountsService), 'register');
      const res = await request(url).post('/api/v1/auth/register').send(customer).expect(201);
      const { customerId, refreshToken } = res.body as { customerId: string; refreshToken: string };
      const accounts = await system.sql<{ id: string }>(
        'SELECT id FROM customers.accounts WHERE lower(email) = lower($1)',
        [customer.email],
      );
      expect(accounts).toEqual([{ id: customerId }]);
      // Announced once (so one welcome mail), once the outbox has relayed it.
      await waitFor(
        async () =>
          (await system.sql(`SELECT 1 FROM customers.outbox WHERE payload->>'customerId' = $1`, [customerId]))
            .length === 0,
        { description: 'the outbox to relay customer.registered' },
      );
      expect(
        events.filter((e) => e.name === 'customer.registered' && e.payload.customerId === customerId),
      ).toHaveLength(1);
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
      // Registering the same email again is a new request: refused as before.
      await request(url).post('/api/v1/auth/register').send(customer).expect(409);
    });

    it('a refresh delivered twice (its answer lost after the commit) answers with the same token', async () => {
      const c = await register(url);
      loseNextAnswer(system.services.get('customers')!.get(AccountsService), 'refresh');
      const res = await request(url).post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken });
      expect(res.status).toBe(200);
      const rotated = (res.body as { refreshToken: string }).refreshToken;
      // Not taken for reuse: the family lives on and the token answered is the current one.
      const next = await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: rotated })
        .expect(200);
      // The first token presented again in a new request is still reuse.
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(401);
      await request(url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: (next.body as { refreshToken: string }).refreshToken })
        .expect(401);
    });

    it('logs out by revoking the refresh token', async () => {
      const c = await register(url);
      await request(url).post('/api/v1/auth/logout').send({ refreshToken: c.refreshToken }).expect(204);
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(401);
    });
  });

  describe('bad input gets a 4xx and changes nothing', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['a missing field', { firstName: 'A', lastName: 'B', email: 'a@example.fi' }, /password/],
      ['an unknown field', { ...newCustomer(), role: 'admin' }, /property role should not exist/],
      ['a malformed email', { ...newCustomer(), email: 'not-an-email' }, /email must be an email/],
      ['a short password', { ...newCustomer(), password: 'short' }, /password must be 10 to 256/],
      ['a name of digits', { ...newCustomer(), firstName: '1234' }, /firstName must contain letters/],
      ['a wrong type', { ...newCustomer(), email: 42 }, /email/],
    ];
    it.each(cases)('register with %s → 400', async (_label, body, detail) => {
      const before = await countAccounts();
      const res = await request(url).post('/api/v1/auth/register').send(body).expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: ErrorCode.ValidationFailed,
        message: 'Invalid input',
      });
      expect((res.body.details as string[]).join('\n')).toMatch(detail);
      // The rejected values are not echoed back.
      expect(JSON.stringify(res.body)).not.toContain('not-an-email');
      expect(await countAccounts()).toBe(before);
    });

    it('rejects malformed JSON and wrong content types', async () => {
      await request(url)
        .post('/api/v1/auth/register')
        .set('content-type', 'application/json')
        .send('{"firstName":')
        .expect(400);
      await request(url)
        .post('/api/v1/auth/login')
        .set('content-type', 'application/xml')
        .send('<x/>')
        .expect(415);
      // Only JSON bodies are parsed: text is refused as a content type, not read as a string.
      await request(url).post('/api/v1/auth/login').set('content-type', 'text/plain').send('x').expect(415);
    });

    it('rejects bad login and refresh bodies', async () => {
      await request(url).post('/api/v1/auth/login').send({ email: 'a@example.fi' }).expect(400);
      await request(url).post('/api/v1/auth/refresh').send({}).expect(400);
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
    });

    it('rejects a bad privacy request type, extra fields and a malformed id', async () => {
      const c = await register(url);
      await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'delete-all' })
        .expect(400);
      await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'erasure', subjectId: c.customerId })
        .expect(400);
      await request(url).get('/api/v1/privacy/requests/not-a-uuid').set(bearer(c.accessToken)).expect(400);
      const rows = await withPgClient(system.db.adminUrl, (pg) => pg.query('SELECT 1 FROM privacy.requests'));
      expect(rows.rowCount).toBe(0);
    });
  });

  describe('authentication and authorisation', () => {
    it('needs a valid bearer token for /me', async () => {
      const c = await register(url);
      await request(url).get('/api/v1/me').expect(401);
      await request(url).get('/api/v1/me').set('authorization', 'Basic abc').expect(401);
      await request(url).get('/api/v1/me').set(bearer('not.a.jwt')).expect(401);
      const [h, p] = c.accessToken.split('.');
      const forged = await request(url)
        .get('/api/v1/me')
        .set(bearer(`${h}.${p}.AAAA`))
        .expect(401);
      expect(forged.body).toMatchObject({ code: ErrorCode.Unauthenticated });
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      // Once the real token is verified (and remembered), its payload under another signature still is not.
      await request(url)
        .get('/api/v1/me')
        .set(bearer(`${h}.${p}.AAAA`))
        .expect(401);
      await request(url)
        .get('/api/v1/me')
        .set(bearer(`${c.accessToken}A`))
        .expect(401);
      expect(me.body).toEqual({
        id: c.customerId,
        customerNumber: expect.stringMatching(/^\d{6,}$/),
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: null,
        language: 'fi',
        identityCode: null,
        restricted: false,
        createdAt: expect.any(String),
      });
    });

    it("does not show one customer's privacy request to another", async () => {
      const a = await register(url);
      const b = await register(url);
      const created = await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(a.accessToken))
        .send({ type: 'access' })
        .expect(202);
      await request(url)
        .get(`/api/v1/privacy/requests/${created.body.id}`)
        .set(bearer(b.accessToken))
        .expect(404);
      await request(url)
        .get(`/api/v1/privacy/requests/${created.body.id}`)
        .set(bearer(a.accessToken))
        .expect(200);
    });

    it('gives other services contact details over the transport, and NOT_FOUND for an unknown account', async () => {
      const c = await register(url);
      const bus = system.gateway!.get(MessageBus);
      await expect(bus.send('customers.get-contact', { accountId: c.customerId })).resolves.toEqual({
        accountId: c.customerId,
        role: 'customer',
        email: c.email,
        phone: null,
        firstName: c.firstName,
        lastName: c.lastName,
        language: 'fi',
      });
      await expect(
        bus.send('customers.get-contact', { accountId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it("gives each service's role its own schema only", async () => {
      const asOrders = await connectPg(withDatabase(system.db.serviceUrls.orders, system.db.name));
      try {
        await expect(asOrders.query('SELECT * FROM customers.accounts')).rejects.toThrow(/permission denied/);
        await expect(asOrders.query('SELECT * FROM privacy.requests')).rejects.toThrow(/permission denied/);
        await expect(asOrders.query('SELECT count(*) FROM orders.outbox')).resolves.toBeDefined();
      } finally {
        await asOrders.end();
      }
    });
  });

  describe('erasure', () => {
    it('fans out to every service, completes with four receipts, and leaves nothing of the customer', async () => {
      const c = await register(url);
      // Something for notifications to hold: the welcome message queued on registration.
      await waitFor(
        () =>
          withPgClient(system.db.adminUrl, async (pg) => {
            const r = await pg.query(
              'SELECT 1 FROM notifications.outgoing_messages WHERE recipient_id = $1',
              [c.customerId],
            );
            return r.rowCount === 1;
          }),
        { description: 'the welcome message to be queued' },
      );
      await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);

      const accepted = await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'erasure' })
        .expect(202);
      expect(accepted.body).toEqual({
        id: expect.any(String),
        status: expect.stringMatching(/^(approved|in_progress)$/),
      });

      // Read over the transport: the subject's token is refused once their account is erased.
      const done = await system.privacyRequestWhen(accepted.body.id as string, c.customerId);
      expect(done.type).toBe('erasure');
      expect(done.receipts.map((r) => r.service)).toEqual([
        'customers',
        'notifications',
        'orders',
        'privacy',
      ]);
      const byService = Object.fromEntries(done.receipts.map((r) => [r.service, r]));
      expect(byService.customers.erased).toMatchObject({
        accounts: 1,
        customers: 1,
        refresh_tokens: 1,
        ip_addresses: 1,
      });
      // The welcome message, and the notices about this request itself.
      expect(byService.notifications.erased.outgoing_messages).toBeGreaterThanOrEqual(1);
      expect(byService.privacy.erased).toMatchObject({ 'requests.subject_id': 1 });

      // The customer is gone: sign-in fails and the old session has ended.
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: c.password })
        .expect(401);
      await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(401);

      // They are told, from the sealed snapshot; that was the last thing kept of them.
      await waitFor(() => mail.to(c.email).some((m) => m.subject === 'Henkilötietosi on poistettu'), {
        timeoutMs: 10_000,
        description: 'the erasure outcome notice',
      });
      // Nothing of them anywhere: every text and uuid column of every schema, every Redis key
      // and value, the logs. (The notice's message and snapshot go just after it is sent.)
      const needles = [c.email, c.firstName, c.lastName, c.customerId];
      await waitFor(async () => (await scanPostgres(system.db.adminUrl, needles)).length === 0, {
        timeoutMs: 10_000,
        description: 'no trace of the customer in Postgres',
      });
      expect(await scanPostgres(system.db.adminUrl, needles)).toEqual([]);
      expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
      for (const needle of [c.email, c.firstName, c.lastName])
        expect(system.logs.text()).not.toContain(needle);
    });

    it('an open erasure request is not duplicated', async () => {
      const c = await register(url);
      const [a, b] = await Promise.all([
        request(url).post('/api/v1/privacy/requests').set(bearer(c.accessToken)).send({ type: 'access' }),
        request(url).post('/api/v1/privacy/requests').set(bearer(c.accessToken)).send({ type: 'access' }),
      ]);
      expect(a.status).toBe(202);
      expect(b.body.id).toBe(a.body.id);
    });
  });

  describe('operability', () => {
    it('serves the OpenAPI document and health', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      for (const path of [
        '/api/v1/auth/register',
        '/api/v1/auth/login',
        '/api/v1/me',
        '/api/v1/privacy/requests',
      ]) {
        expect(doc.body.paths).toHaveProperty([path]);
      }
      expect(doc.body.paths['/api/v1/me'].get.responses).toHaveProperty(['401']);
      // The gateway's probes are on its internal port; the public API port does not answer them.
      await request(system.internalUrl).get('/health/live').expect(200, { status: 'ok' });
      await request(system.internalUrl).get('/health/ready').expect(200);
      for (const path of ['/health/live', '/health/ready', '/metrics', '/api/v1/metrics'])
        await request(url).get(path).expect(404);
      for (const app of system.services.values()) {
        const workerUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
        await request(workerUrl)
          .get('/health/ready')
          .expect(200, { status: 'ok', checks: { postgres: 'up', redis: 'up' } });
      }
    });

    it('sets security headers', async () => {
      const res = await request(url).get('/api/docs-json');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
    });
  });
});
