import { ErrorCode } from '@offera/contracts';
import { connectPg } from '@offera/database';
import { randomUUID } from 'node:crypto';
import { BullMqContext, MessageBus } from '@offera/transport';
import type { Job } from 'bullmq';
import { IdentityCodesHandlers } from '../../apps/customers/src/identity/identity-codes.handlers.js';
import request from 'supertest';
import { seedAdmin } from '../../apps/customers/src/staff/seed-admin.js';
import { bearer, newCustomer, register } from '../support/api.js';
import { TestSystem } from '../support/system.js';

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
let serial = 200;
function freshIdentityCode(): string {
  serial += 1;
  const date = '240490';
  const nnn = String(serial).padStart(3, '0');
  return `${date}-${nnn}${CHECK[Number(date + nnn) % 31]}`;
}

const PASSWORD = 'staff passphrase 123';
let ipSerial = 10;
/** Each test signs in from its own address (TRUST_PROXY is on), so IP throttling stays per test. */
const nextIp = () => `198.51.100.${++ipSerial}`;

describe('Customers: roles, staff accounts, operator service, sign-in throttling', () => {
  let system: TestSystem;
  let url: string;
  let admin: string;
  let operator: string;
  let dpo: string;
  let provider: string;
  let providerId: string;

  const login = (email: string, password = PASSWORD, ip = nextIp()) =>
    request(url).post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password });

  const createAccount = (token: string, body: Record<string, unknown>) =>
    request(url).post('/api/v1/admin/accounts').set(bearer(token)).send(body);

  const staff = (role: string, extra: Record<string, unknown> = {}) => {
    const c = newCustomer();
    return {
      role,
      email: `${role}.${c.email}`,
      password: PASSWORD,
      firstName: c.firstName,
      lastName: c.lastName,
      ...extra,
    };
  };

  beforeAll(async () => {
    system = await TestSystem.start({
      env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6' },
    });
    url = system.url;
    const client = await connectPg(system.db.serviceUrls.customers);
    try {
      await expect(seedAdmin(client, { email: 'root@offera.example', password: PASSWORD })).resolves.toBe(
        'created',
      );
      // Idempotent: a second run leaves the admin as it is.
      await expect(
        seedAdmin(client, { email: 'ROOT@offera.example', password: 'another password' }),
      ).resolves.toBe('exists');
    } finally {
      await client.end();
    }
    admin = (await login('root@offera.example').expect(200)).body.accessToken as string;
    const op = staff('operator');
    await createAccount(admin, op).expect(201);
    operator = (await login(op.email).expect(200)).body.accessToken as string;
    const d = staff('dpo');
    await createAccount(admin, d).expect(201);
    dpo = (await login(d.email).expect(200)).body.accessToken as string;
    const p = staff('provider', {
      provider: { kind: 'person', postalCodes: ['00100', '00120'], serviceCodes: ['home-cleaning'] },
    });
    providerId = (await createAccount(admin, p).expect(201)).body.id as string;
    provider = (await login(p.email).expect(200)).body.accessToken as string;
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('the first admin and accounts created by an admin', () => {
    it('refuses to seed over an account of another role', async () => {
      const c = await register(url);
      const client = await connectPg(system.db.serviceUrls.customers);
      try {
        await expect(seedAdmin(client, { email: c.email, password: PASSWORD })).rejects.toThrow(
          /another role/,
        );
      } finally {
        await client.end();
      }
      const [row] = await system.sql<{ role: string }>('SELECT role FROM customers.accounts WHERE id = $1', [
        c.customerId,
      ]);
      expect(row.role).toBe('customer');
    });

    it('creates staff and providers; the access token carries the role', async () => {
      const acc = staff('accountant', { phone: '0401234567', language: 'en' });
      const res = await createAccount(admin, acc).expect(201);
      expect(res.body).toMatchObject({
        role: 'accountant',
        email: acc.email,
        phone: '+358401234567',
        language: 'en',
        provider: null,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      const session = await login(acc.email).expect(200);
      expect(session.body.role).toBe('accountant');
      const me = await request(url)
        .get('/api/v1/account')
        .set(bearer(session.body.accessToken as string))
        .expect(200);
      expect(me.body).toMatchObject({ id: res.body.id, role: 'accountant' });
    });

    it('creates a company provider with a checksum-valid business id, and refuses a bad one', async () => {
      const details = {
        kind: 'company',
        businessId: '3230846-4',
        companyName: 'Siivous Oy',
        postalCodes: ['33100'],
        serviceCodes: ['window-cleaning', 'home-cleaning'],
      };
      const company = staff('provider', { provider: details });
      const res = await createAccount(admin, company).expect(201);
      expect(res.body.provider).toEqual({
        kind: 'company',
        businessId: '3230846-4',
        companyName: 'Siivous Oy',
        postalCodes: ['33100'],
        serviceCodes: ['home-cleaning', 'window-cleaning'],
      });
      const before = await system.sql('SELECT 1 FROM customers.accounts');
      const bad = await createAccount(admin, {
        ...staff('provider'),
        provider: { ...details, businessId: '3230846-5' },
      }).expect(400);
      expect(bad.body.message).toMatch(/businessId is not a valid Finnish business id/);
      await createAccount(admin, {
        ...staff('provider'),
        provider: { kind: 'company', postalCodes: ['00100'], serviceCodes: ['x'] },
      }).expect(400);
      await createAccount(admin, staff('provider')).expect(400); // provider details missing
      await createAccount(admin, { ...staff('operator'), role: 'customer' }).expect(400);
      await createAccount(admin, { ...staff('operator'), email: company.email }).expect(409);
      const dup = await createAccount(admin, { ...staff('provider'), provider: details }).expect(409);
      expect(dup.body.reason).toBe('BUSINESS_ID_TAKEN');
      expect(await system.sql('SELECT 1 FROM customers.accounts')).toHaveLength(before.length);
    });

    it('lets only an admin create accounts', async () => {
      const c = await register(url);
      for (const token of [c.accessToken, operator, dpo, provider])
        await createAccount(token, staff('admin')).expect(403);
      await request(url).post('/api/v1/admin/accounts').send(staff('admin')).expect(401);
    });

    it('answers eligible providers by postal code and service, ids only', async () => {
      const bus = system.gateway!.get(MessageBus);
      await expect(
        bus.send('customers.find-eligible-providers', { postalCode: '00120', serviceCode: 'home-cleaning' }),
      ).resolves.toEqual({ providerIds: [providerId] });
      await expect(
        bus.send('customers.find-eligible-providers', {
          postalCode: '00120',
          serviceCode: 'window-cleaning',
        }),
      ).resolves.toEqual({ providerIds: [] });
      await expect(
        bus.send('customers.find-eligible-providers', { postalCode: '99999', serviceCode: 'home-cleaning' }),
      ).resolves.toEqual({ providerIds: [] });
      await expect(
        bus.send('customers.find-eligible-providers', { postalCode: '1', serviceCode: 'home-cleaning' }),
      ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    });
  });

  describe('roles on every route', () => {
    it('keeps customers and providers off staff routes (403), and staff off /me (403)', async () => {
      const c = await register(url);
      const id = c.customerId;
      for (const token of [c.accessToken, provider]) {
        await request(url).get('/api/v1/admin/customers?q=Aino').set(bearer(token)).expect(403);
        await request(url).get(`/api/v1/admin/customers/${id}`).set(bearer(token)).expect(403);
        await request(url).post('/api/v1/admin/customers').set(bearer(token)).send({}).expect(403);
        await request(url)
          .post(`/api/v1/admin/customers/${id}/identity-code/reveal`)
          .set(bearer(token))
          .send({ reason: 'just looking' })
          .expect(403);
      }
      await request(url).get('/api/v1/me').set(bearer(provider)).expect(403);
      await request(url).get('/api/v1/me').set(bearer(operator)).expect(403);
      // A dpo may read but not edit.
      await request(url).get(`/api/v1/admin/customers/${id}`).set(bearer(dpo)).expect(200);
      await request(url)
        .patch(`/api/v1/admin/customers/${id}`)
        .set(bearer(dpo))
        .send({ firstName: 'X' })
        .expect(403);
    });
  });

  describe('OpenAPI', () => {
    it('documents every customer-register route with its error responses', async () => {
      const doc = (await request(url).get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
      };
      const expected: [string, string, string[]][] = [
        ['/api/v1/me', 'get', ['401', '403', '404']],
        ['/api/v1/me', 'patch', ['400', '401', '403', '409', '422']],
        ['/api/v1/me/addresses', 'get', ['401', '403']],
        ['/api/v1/me/addresses', 'post', ['400', '401', '403', '422']],
        ['/api/v1/me/addresses/{id}', 'patch', ['400', '401', '403', '404', '422']],
        ['/api/v1/me/addresses/{id}', 'delete', ['400', '401', '403', '404', '422']],
        ['/api/v1/me/identity-code', 'put', ['400', '401', '403', '409', '422']],
        ['/api/v1/auth/change-password', 'post', ['400', '401', '403', '429']],
        ['/api/v1/auth/login', 'post', ['400', '401', '429']],
        ['/api/v1/account', 'get', ['401', '404']],
        ['/api/v1/admin/accounts', 'post', ['400', '401', '403', '409']],
        ['/api/v1/admin/accounts/{id}', 'get', ['400', '401', '403', '404']],
        ['/api/v1/admin/customers', 'get', ['400', '401', '403']],
        ['/api/v1/admin/customers', 'post', ['400', '401', '403', '409']],
        ['/api/v1/admin/customers/{id}', 'get', ['400', '401', '403', '404']],
        ['/api/v1/admin/customers/{id}', 'patch', ['400', '401', '403', '404', '409', '422']],
        ['/api/v1/admin/customers/{id}/addresses', 'post', ['400', '401', '403', '404', '422']],
        ['/api/v1/admin/customers/{id}/addresses/{addressId}', 'patch', ['400', '401', '403', '404', '422']],
        ['/api/v1/admin/customers/{id}/addresses/{addressId}', 'delete', ['400', '401', '403', '404', '422']],
        ['/api/v1/admin/customers/{id}/identity-code', 'put', ['400', '401', '403', '404', '409', '422']],
        ['/api/v1/admin/customers/{id}/identity-code/reveal', 'post', ['400', '401', '403', '404']],
      ];
      for (const [path, method, statuses] of expected) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, documented: Boolean(op) }).toEqual({ path, method, documented: true });
        for (const status of [...statuses, '503', '504'])
          expect({ path, method, status, has: status in (op?.responses ?? {}) }).toMatchObject({ has: true });
      }
    });
  });

  describe('operator customer service', () => {
    it('finds a customer by customer number, email, phone in any format, and part of a name', async () => {
      const c = await register(url);
      await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ phone: '+358 50 765 4321' })
        .expect(200);
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      const search = async (q: string) =>
        (await request(url).get('/api/v1/admin/customers').query({ q }).set(bearer(operator)).expect(200))
          .body as { id: string }[];
      for (const q of [
        me.body.customerNumber as string,
        c.email.toUpperCase(),
        '050 765 4321',
        c.lastName.slice(3, 12),
      ]) {
        expect((await search(q)).map((r) => r.id)).toContain(c.customerId);
      }
      expect((await search(`${c.firstName} ${c.lastName}`)).map((r) => r.id)).toEqual([c.customerId]);
      expect(await search('zz%_no-such-customer')).toEqual([]);
      await request(url).get('/api/v1/admin/customers').set(bearer(operator)).expect(400);
      await request(url)
        .get('/api/v1/admin/customers')
        .query({ q: 'ab', limit: 500 })
        .set(bearer(operator))
        .expect(400);
    });

    it('registers a customer for a phone order (who cannot sign in), edits them, identity code masked', async () => {
      const person = newCustomer();
      const created = await request(url)
        .post('/api/v1/admin/customers')
        .set(bearer(operator))
        .send({
          firstName: person.firstName,
          lastName: person.lastName,
          email: person.email,
          phone: '09 1234 567',
          address: { street: 'Hämeenkatu 1', postalCode: '33100', city: 'Tampere' },
        })
        .expect(201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({
        phone: '+35891234567',
        identityCode: null,
        addresses: [{ city: 'Tampere' }],
      });
      await login(person.email, 'any password at all').expect(401);

      const code = freshIdentityCode();
      const masked = await request(url)
        .put(`/api/v1/admin/customers/${id}/identity-code`)
        .set(bearer(operator))
        .send({ identityCode: code, purpose: 'household_deduction' })
        .expect(200);
      expect(masked.body.masked).toBe(`${code.slice(0, 7)}****`);
      await request(url)
        .patch(`/api/v1/admin/customers/${id}`)
        .set(bearer(operator))
        .send({ language: 'en' })
        .expect(200);
      const view = await request(url).get(`/api/v1/admin/customers/${id}`).set(bearer(operator)).expect(200);
      expect(view.body).toMatchObject({
        language: 'en',
        identityCode: { masked: `${code.slice(0, 7)}****` },
      });
      expect(JSON.stringify(view.body)).not.toContain(code);
      const history = await system.sql<{ field: string; source: string; changed_by_role: string }>(
        'SELECT field, source, changed_by_role FROM customers.rectification_history WHERE customer_id = $1 ORDER BY field',
        [id],
      );
      expect(history).toEqual([
        { field: 'address.added', source: 'staff', changed_by_role: 'operator' },
        { field: 'identityCode', source: 'staff', changed_by_role: 'operator' },
        { field: 'language', source: 'staff', changed_by_role: 'operator' },
      ]);
      await request(url)
        .get('/api/v1/admin/customers/00000000-0000-4000-8000-000000000000')
        .set(bearer(operator))
        .expect(404);
      await request(url)
        .post('/api/v1/admin/customers')
        .set(bearer(operator))
        .send({ firstName: 'A' })
        .expect(400);
    });

    it('reveals a code only with a reason, writing an append-only audit entry', async () => {
      const c = await register(url);
      const code = freshIdentityCode();
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: code, purpose: 'invoicing' })
        .expect(200);
      const path = `/api/v1/admin/customers/${c.customerId}/identity-code/reveal`;
      await request(url).post(path).set(bearer(operator)).send({}).expect(400);
      await request(url).post(path).set(bearer(operator)).send({ reason: 'x' }).expect(400);
      expect(await system.sql('SELECT 1 FROM customers.identity_code_reveals')).toEqual([]);

      const reason = 'Household deduction form, customer on the phone';
      const res = await request(url).post(path).set(bearer(operator)).send({ reason }).expect(200);
      expect(res.body).toEqual({ identityCode: code, purpose: 'invoicing', revealId: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
      const opId = (await request(url).get('/api/v1/account').set(bearer(operator)).expect(200)).body
        .id as string;
      const audit = await system.sql<{
        customer_id: string;
        revealed_by: string;
        revealed_by_role: string;
        reason: string;
      }>(
        'SELECT customer_id, revealed_by, revealed_by_role, reason FROM customers.identity_code_reveals WHERE id = $1',
        [res.body.revealId],
      );
      expect(audit).toEqual([
        { customer_id: c.customerId, revealed_by: opId, revealed_by_role: 'operator', reason },
      ]);
      await expect(
        system.sql("UPDATE customers.identity_code_reveals SET reason = 'changed'"),
      ).rejects.toThrow(/append-only/);
      expect(system.logs.text()).not.toContain(code);

      // The same reveal delivered again (its answer lost) writes no second audit entry; saving
      // the same code again is no rectification.
      const handlers = system.services.get('customers')!.get(IdentityCodesHandlers);
      const job = { id: randomUUID(), name: 'customers.reveal-identity-code', attemptsMade: 0 } as Job;
      const ctx = new BullMqContext([job, {}, 3]);
      const payload = {
        customerId: c.customerId,
        reason,
        actor: { accountId: opId, role: 'operator' as const },
      };
      const first = await handlers.reveal(payload, ctx);
      expect(await handlers.reveal(payload, ctx)).toEqual(first);
      expect(
        await system.sql('SELECT 1 FROM customers.identity_code_reveals WHERE id = $1', [first.revealId]),
      ).toHaveLength(1);
      const history = () =>
        system.sql(
          "SELECT 1 FROM customers.rectification_history WHERE customer_id = $1 AND field = 'identityCode'",
          [c.customerId],
        );
      const recorded = (await history()).length;
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: code, purpose: 'invoicing' })
        .expect(200);
      expect(await history()).toHaveLength(recorded);

      const none = await register(url);
      const missing = await request(url)
        .post(`/api/v1/admin/customers/${none.customerId}/identity-code/reveal`)
        .set(bearer(dpo))
        .send({ reason })
        .expect(404);
      expect(missing.body.reason).toBe('NO_IDENTITY_CODE');
    });
  });

  describe('sign-in throttling', () => {
    it('locks an account after repeated failures: 429 with Retry-After, even with the right password', async () => {
      const c = await register(url);
      for (let i = 0; i < 3; i++) await login(c.email, 'wrong password!!').expect(401);
      const locked = await login(c.email, c.password).expect(429);
      expect(locked.body).toMatchObject({ code: ErrorCode.RateLimited, reason: 'LOGIN_THROTTLED' });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Kept in Postgres, keyed by keyed hashes of the email and the IP, never the values themselves.
      const rows = await system.sql<{ key: string }>('SELECT key FROM customers.login_throttles');
      expect(rows.length).toBeGreaterThan(0);
      for (const { key } of rows) {
        expect(key).toMatch(/^(email|ip):[0-9a-f]{64}$/);
      }
    });

    it('locks an unknown email exactly like a real one, so a 429 reveals no account', async () => {
      const unknown = `nobody.${newCustomer().email}`;
      for (let i = 0; i < 3; i++) await login(unknown, 'wrong password!!').expect(401);
      const res = await login(unknown, 'wrong password!!').expect(429);
      expect(res.body.reason).toBe('LOGIN_THROTTLED');
    });

    it('a success resets the account count', async () => {
      const c = await register(url);
      for (let i = 0; i < 2; i++) await login(c.email, 'wrong password!!').expect(401);
      await login(c.email, c.password).expect(200);
      for (let i = 0; i < 2; i++) await login(c.email, 'wrong password!!').expect(401);
      await login(c.email, c.password).expect(200);
    });

    it('locks an IP that guesses across many accounts', async () => {
      const ip = '203.0.113.7';
      for (let i = 0; i < 6; i++) await login(`nobody${i}@example.fi`, 'guess guess guess', ip).expect(401);
      const c = await register(url);
      const res = await login(c.email, c.password, ip).expect(429);
      expect(res.headers['retry-after']).toBeDefined();
      // The same account from elsewhere is fine.
      await login(c.email, c.password).expect(200);
    });
  });
});
