import { ErrorCode } from '@offera/contracts';
import { scanPostgres, scanRedis } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadCustomersConfig } from '../../apps/customers/src/config.js';
import { IdentityCodeRotationHandler } from '../../apps/customers/src/identity/identity-code-rotation.handler.js';
import { IdentityCodesService } from '../../apps/customers/src/identity/identity-codes.service.js';
import { bearer, register, type Registered } from '../support/api.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
let serial = 300;
function freshIdentityCode(): string {
  serial += 1;
  const date = '071178';
  const nnn = String(serial).padStart(3, '0');
  return `${date}-${nnn}${CHECK[Number(date + nnn) % 31]}`;
}

describe('Customers: privacy handlers and retention', () => {
  let system: TestSystem;
  let url: string;
  let bus: MessageBus;

  beforeAll(async () => {
    system = await TestSystem.start();
    url = system.url;
    bus = system.gateway!.get(MessageBus);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** A customer with every kind of data the register holds. */
  async function fullCustomer(): Promise<Registered & { code: string; street: string; phone: string }> {
    const c = await register(url);
    const code = freshIdentityCode();
    const street = `Testikuja ${serial} B`;
    const phone = `+3584512${String(serial).padStart(5, '0')}`;
    await request(url)
      .patch('/api/v1/me')
      .set(bearer(c.accessToken))
      .send({ phone: phone.replace('+358', '0') })
      .expect(200);
    await request(url)
      .post('/api/v1/me/addresses')
      .set(bearer(c.accessToken))
      .send({ street, postalCode: '00560', city: 'Helsinki', latitude: 60.2, longitude: 24.97 })
      .expect(201);
    await request(url)
      .put('/api/v1/me/identity-code')
      .set(bearer(c.accessToken))
      .send({ identityCode: code, purpose: 'household_deduction' })
      .expect(200);
    return { ...c, code, street, phone };
  }

  describe('customers.export-subject', () => {
    it('exports everything held; the identity code in clear only in the subject’s own copy', async () => {
      const c = await fullCustomer();
      const own = await bus.send('customers.export-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
        forSubject: true,
      });
      expect(own.service).toBe('customers');
      expect(own.data.account).toEqual([expect.objectContaining({ email: c.email, role: 'customer' })]);
      expect(own.data.customer).toEqual([
        expect.objectContaining({ firstName: c.firstName, phone: c.phone, language: 'fi' }),
      ]);
      expect(own.data.addresses).toEqual([
        expect.objectContaining({ street: c.street, postalCode: '00560' }),
      ]);
      expect(own.data.identity_code).toEqual([expect.objectContaining({ identityCode: c.code })]);
      expect(own.data.ip_addresses).toEqual([expect.objectContaining({ context: 'registration' })]);
      expect(own.data.rectification_history.length).toBeGreaterThanOrEqual(3);
      expect(own.data.sessions).toHaveLength(1);

      const staffCopy = await bus.send('customers.export-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
        forSubject: false,
      });
      expect(JSON.stringify(staffCopy)).not.toContain(c.code);
      expect(staffCopy.data.identity_code).toEqual([
        expect.objectContaining({ masked: `${c.code.slice(0, 7)}****` }),
      ]);
    });

    it('exports nothing for an unknown subject', async () => {
      const none = await bus.send('customers.export-subject', {
        requestId: randomUUID(),
        subjectId: randomUUID(),
        forSubject: true,
      });
      expect(Object.values(none.data).every((rows) => rows.length === 0)).toBe(true);
    });
  });

  describe('customers.rectify-subject and customers.restrict-subject', () => {
    it('rectifies names, email and phone, recorded as a privacy request; a repeat changes nothing', async () => {
      const c = await register(url);
      const requestId = randomUUID();
      const fields = { lastName: 'Korjattu', email: `fixed.${c.email}`, phone: '+358 40 765 4321' };
      await expect(
        bus.send('customers.rectify-subject', { requestId, subjectId: c.customerId, fields }),
      ).resolves.toEqual({
        service: 'customers',
        rectified: { customers: 1, accounts: 1 },
      });
      await expect(
        bus.send('customers.rectify-subject', { requestId, subjectId: c.customerId, fields }),
      ).resolves.toEqual({
        service: 'customers',
        rectified: { customers: 0, accounts: 0 },
      });
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body).toMatchObject({ lastName: 'Korjattu', email: fields.email, phone: '+358407654321' });
      const rows = await system.sql<{ field: string; source: string; request_id: string }>(
        'SELECT field, source, request_id FROM customers.rectification_history WHERE customer_id = $1 ORDER BY field',
        [c.customerId],
      );
      expect(rows).toEqual(
        ['email', 'lastName', 'phone'].map((field) => ({
          field,
          source: 'privacy_request',
          request_id: requestId,
        })),
      );
      await expect(
        bus.send('customers.rectify-subject', {
          requestId,
          subjectId: c.customerId,
          fields: { phone: 'nope' },
        }),
      ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    });

    it('while restricted, refuses every edit (422) but lifting it; setting it twice is a no-op', async () => {
      const c = await fullCustomer();
      const requestId = randomUUID();
      await expect(
        bus.send('customers.restrict-subject', { requestId, subjectId: c.customerId, restricted: true }),
      ).resolves.toEqual({ service: 'customers', applied: true });
      await expect(
        bus.send('customers.restrict-subject', { requestId, subjectId: c.customerId, restricted: true }),
      ).resolves.toEqual({ service: 'customers', applied: false });

      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body.restricted).toBe(true);
      const refused = await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ firstName: 'Uusi' })
        .expect(422);
      expect(refused.body.reason).toBe('SUBJECT_RESTRICTED');
      const [address] = (
        await request(url).get('/api/v1/me/addresses').set(bearer(c.accessToken)).expect(200)
      ).body as {
        id: string;
      }[];
      await request(url).delete(`/api/v1/me/addresses/${address.id}`).set(bearer(c.accessToken)).expect(422);
      await request(url)
        .post('/api/v1/me/addresses')
        .set(bearer(c.accessToken))
        .send({ street: 'Uusi 1', postalCode: '00100', city: 'Helsinki' })
        .expect(422);
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: freshIdentityCode(), purpose: 'invoicing' })
        .expect(422);
      await expect(
        bus.send('customers.rectify-subject', {
          requestId,
          subjectId: c.customerId,
          fields: { firstName: 'Uusi' },
        }),
      ).rejects.toMatchObject({ code: ErrorCode.Unprocessable });

      await expect(
        bus.send('customers.restrict-subject', { requestId, subjectId: c.customerId, restricted: false }),
      ).resolves.toEqual({ service: 'customers', applied: true });
      await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ firstName: 'Uusi' })
        .expect(200);
    });
  });

  describe('customers.erase-subject', () => {
    it('erases every table and leaves no row and no Redis trace of the customer', async () => {
      const c = await fullCustomer();
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: 'wrong password' })
        .expect(401);
      const needles = [c.email, c.firstName, c.lastName, c.code, c.street, c.phone];
      expect((await scanPostgres(system.db.adminUrl, needles)).length).toBeGreaterThan(0);

      const requestId = randomUUID();
      const receipt = await bus.send('customers.erase-subject', { requestId, subjectId: c.customerId });
      expect(receipt.erased).toEqual({
        refresh_tokens: 1,
        ip_addresses: 1,
        login_throttles: 1,
        addresses: 1,
        identity_codes: 1,
        identity_code_reveals: 0,
        rectification_history: 3,
        customers: 1,
        accounts: 1,
      });
      expect(receipt.withheld).toEqual([]);
      expect(await scanPostgres(system.db.adminUrl, needles)).toEqual([]);
      // Other services still hold the id (only this service's step ran): none of it is here.
      expect(await scanPostgres(system.db.adminUrl, [c.customerId], { schemas: ['customers'] })).toEqual([]);
      expect(await scanRedis(REDIS_URL, [...needles, c.customerId], { prefix: system.prefix })).toEqual([]);
      expect(system.logs.text()).not.toContain(c.code);

      // The same request's job run again answers with its first receipt; another request about
      // the same subject finds nothing left.
      expect(await bus.send('customers.erase-subject', { requestId, subjectId: c.customerId })).toEqual(
        receipt,
      );
      const another = await bus.send('customers.erase-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
      });
      expect(Object.values(another.erased).every((n) => n === 0)).toBe(true);
    });
  });

  describe('IP address retention', () => {
    it('purges IP addresses older than the retention period, keeping newer ones', async () => {
      const c = await register(url);
      await system.sql(
        `INSERT INTO customers.ip_addresses (account_id, ip, context, seen_at)
         VALUES ($1, '192.0.2.1', 'login', now() - interval '91 days'),
                ($1, '192.0.2.2', 'login', now() - interval '89 days')`,
        [c.customerId],
      );
      const result = await bus.send('customers.purge-expired-ips', {});
      expect(result.purged).toBe(1);
      const left = await system.sql<{ ip: string }>(
        'SELECT host(ip) AS ip FROM customers.ip_addresses WHERE account_id = $1 ORDER BY seen_at',
        [c.customerId],
      );
      expect(left.map((r) => r.ip)).toEqual(['192.0.2.2', '127.0.0.1']);
      await expect(bus.send('customers.purge-expired-ips', {})).resolves.toEqual({
        purged: 0,
        erasureReceipts: 0,
      });
    });

    it('runs as repeatable jobs scheduled on the customers queue', async () => {
      const queue = new Queue('customers', { connection: { url: REDIS_URL }, prefix: system.prefix });
      try {
        const schedulers = await queue.getJobSchedulers();
        expect(schedulers.map((j) => [j.key, j.name, j.every]).sort()).toEqual([
          ['customers.purge-expired-ips', 'customers.purge-expired-ips', 3_600_000],
          ['customers.rotate-identity-codes', 'customers.rotate-identity-codes', 3_600_000],
        ]);
      } finally {
        await queue.close();
      }
    });
  });

  describe('identity code key rotation', () => {
    it('re-encrypts codes under the active key, keeping the blind index; nothing to do when current', async () => {
      await expect(bus.send('customers.rotate-identity-codes', {})).resolves.toMatchObject({ remaining: 0 });
      const c = await fullCustomer();
      const dataSource = system.services.get('customers')!.get(DataSource);
      const ring = `dev1:${Buffer.alloc(32, 11).toString('base64')},k2:${Buffer.alloc(32, 17).toString('base64')}`;
      const withActive = (id: string) =>
        new IdentityCodeRotationHandler(
          dataSource,
          new IdentityCodesService(
            loadCustomersConfig({ IDENTITY_CODE_KEYS: ring, IDENTITY_CODE_ACTIVE_KEY_ID: id }),
          ),
        );
      const before = await system.sql<{ key_id: string; ciphertext: Buffer; blind_index: string }>(
        'SELECT key_id, ciphertext, blind_index FROM customers.identity_codes WHERE customer_id = $1',
        [c.customerId],
      );
      const forward = await withActive('k2').rotate({ batchSize: 1000 });
      expect(forward.remaining).toBe(0);
      expect(forward.rotated).toBeGreaterThanOrEqual(1);
      const after = await system.sql<{ key_id: string; ciphertext: Buffer; blind_index: string }>(
        'SELECT key_id, ciphertext, blind_index FROM customers.identity_codes WHERE customer_id = $1',
        [c.customerId],
      );
      expect(after[0].key_id).toBe('k2');
      expect(after[0].blind_index).toBe(before[0].blind_index);
      expect(after[0].ciphertext.equals(before[0].ciphertext)).toBe(false);
      await expect(withActive('k2').rotate({})).resolves.toEqual({ rotated: 0, remaining: 0 });
      // Back to the key the running service knows, so it can still read every code.
      await withActive('dev1').rotate({});
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body.identityCode.masked).toBe(`${c.code.slice(0, 7)}****`);
    });
  });
});
