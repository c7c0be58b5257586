import { ErrorCode } from '@offera/contracts';
import { scanPostgres, scanRedis } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AccountsService } from '../../apps/customers/src/accounts/accounts.service.js';
import { AddressesService } from '../../apps/customers/src/addresses/addresses.service.js';
import { bearer, register } from '../support/api.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
let serial = 100;

/** A valid, non-temporary identity code no other test uses (individual numbers 100–899). */
function freshIdentityCode(sign = '-'): string {
  serial += 1;
  const date = '150385';
  const nnn = String(serial).padStart(3, '0');
  return `${date}${sign}${nnn}${CHECK[Number(date + nnn) % 31]}`;
}

/** An error body's message and details as one string, for matching. */
const errorText = (raw: unknown): string => {
  const body = raw as { message?: string; details?: string[] };
  return `${body.message ?? ''} ${(body.details ?? []).join(' ')}`;
};

describe('Customers: self-service profile, addresses and identity code', () => {
  let system: TestSystem;
  let url: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
  });

  const history = (customerId: string) =>
    system.sql<{ field: string; source: string; changed_by: string | null }>(
      'SELECT field, source, changed_by FROM customers.rectification_history WHERE customer_id = $1 ORDER BY changed_at, field',
      [customerId],
    );

  describe('profile', () => {
    it('reads the profile with the new fields, identity code absent', async () => {
      const c = await register(url);
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body).toMatchObject({
        id: c.customerId,
        email: c.email,
        phone: null,
        language: 'fi',
        identityCode: null,
        restricted: false,
      });
    });

    it('edits names, phone (stored as E.164), language and email, recording only which fields changed', async () => {
      const c = await register(url);
      const newEmail = `new.${c.email}`;
      const res = await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ firstName: 'Maija', phone: '040 123 4567', language: 'en', email: newEmail })
        .expect(200);
      expect(res.body).toMatchObject({
        firstName: 'Maija',
        lastName: c.lastName,
        phone: '+358401234567',
        language: 'en',
        email: newEmail,
      });
      const rows = await history(c.customerId);
      expect(rows.map((r) => r.field).sort()).toEqual(['email', 'firstName', 'language', 'phone']);
      expect(rows.every((r) => r.source === 'self' && r.changed_by === c.customerId)).toBe(true);
      // The history holds no values, old or new.
      expect(await scanPostgres(system.db.adminUrl, [c.firstName])).toEqual([]);
      const inHistory = await system.sql(
        'SELECT * FROM customers.rectification_history WHERE customer_id = $1',
        [c.customerId],
      );
      expect(JSON.stringify(inHistory)).not.toMatch(/Maija|358401234567|new\./);

      // Same values again: nothing changes, nothing is recorded.
      await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ firstName: 'Maija', phone: '+358 40 123 4567' })
        .expect(200);
      expect(await history(c.customerId)).toHaveLength(4);

      // null removes the phone; the contact details other services read follow.
      await request(url).patch('/api/v1/me').set(bearer(c.accessToken)).send({ phone: null }).expect(200);
      const bus = system.gateway!.get(MessageBus);
      await expect(bus.send('customers.get-contact', { accountId: c.customerId })).resolves.toMatchObject({
        phone: null,
        language: 'en',
        firstName: 'Maija',
        email: newEmail,
      });
    });

    it('gives other services phone and language through customers.get-contact', async () => {
      const c = await register(url);
      await request(url)
        .patch('/api/v1/me')
        .set(bearer(c.accessToken))
        .send({ phone: '+46 70 123 45 67', language: 'en' })
        .expect(200);
      const bus = system.gateway!.get(MessageBus);
      await expect(bus.send('customers.get-contact', { accountId: c.customerId })).resolves.toEqual({
        accountId: c.customerId,
        role: 'customer',
        email: c.email,
        phone: '+46701234567',
        firstName: c.firstName,
        lastName: c.lastName,
        language: 'en',
      });
      await expect(bus.send('customers.get-contact', { accountId: randomUUID() })).rejects.toMatchObject({
        code: ErrorCode.NotFound,
      });
    });

    const badEdits: [string, Record<string, unknown>, RegExp][] = [
      ['a phone that is not a number', { phone: '040 123' }, /phone is not a valid phone number/],
      ['letters in the phone', { phone: 'call me' }, /phone must contain digits/],
      ['an unknown language', { language: 'sv' }, /language/],
      ['a name of digits', { lastName: '1234' }, /lastName must contain letters/],
      ['an unknown field', { customerNumber: '1' }, /property customerNumber should not exist/],
      ['a malformed email', { email: 'nope' }, /email must be an email/],
    ];
    it.each(badEdits)('refuses %s with 400 and changes nothing', async (_label, body, detail) => {
      const c = await register(url);
      const res = await request(url).patch('/api/v1/me').set(bearer(c.accessToken)).send(body).expect(400);
      expect(res.body.code).toBe(ErrorCode.ValidationFailed);
      expect(errorText(res.body)).toMatch(detail);
      expect(JSON.stringify(res.body)).not.toContain('040 123');
      expect(await history(c.customerId)).toEqual([]);
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body).toMatchObject({ lastName: c.lastName, phone: null, language: 'fi', email: c.email });
    });

    it("refuses another account's email with 409", async () => {
      const a = await register(url);
      const b = await register(url);
      const res = await request(url)
        .patch('/api/v1/me')
        .set(bearer(b.accessToken))
        .send({ email: a.email.toUpperCase() })
        .expect(409);
      expect(res.body.reason).toBe('EMAIL_TAKEN');
    });
  });

  describe('addresses', () => {
    const home = { street: 'Mannerheimintie 1 A 2', postalCode: '00100', city: 'Helsinki' };

    it('adds several, lists, edits and removes them; coordinates optional and paired', async () => {
      const c = await register(url);
      const a = await request(url)
        .post('/api/v1/me/addresses')
        .set(bearer(c.accessToken))
        .send({ ...home, latitude: 60.1699, longitude: 24.9384 })
        .expect(201);
      expect(a.body).toMatchObject({ ...home, country: 'FI', latitude: 60.1699, longitude: 24.9384 });
      const b = await request(url)
        .post('/api/v1/me/addresses')
        .set(bearer(c.accessToken))
        .send({ street: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm', country: 'se' })
        .expect(201);
      expect(b.body).toMatchObject({ country: 'SE', postalCode: '111 22', latitude: null });
      const list = await request(url).get('/api/v1/me/addresses').set(bearer(c.accessToken)).expect(200);
      expect((list.body as { id: string }[]).map((x) => x.id)).toEqual([a.body.id, b.body.id]);

      const edited = await request(url)
        .patch(`/api/v1/me/addresses/${a.body.id}`)
        .set(bearer(c.accessToken))
        .send({ street: 'Aleksanterinkatu 5', latitude: null, longitude: null })
        .expect(200);
      expect(edited.body).toMatchObject({
        street: 'Aleksanterinkatu 5',
        postalCode: '00100',
        latitude: null,
      });

      await request(url).delete(`/api/v1/me/addresses/${b.body.id}`).set(bearer(c.accessToken)).expect(204);
      const after = await request(url).get('/api/v1/me/addresses').set(bearer(c.accessToken)).expect(200);
      expect(after.body).toHaveLength(1);
      expect((await history(c.customerId)).map((r) => r.field).sort()).toEqual([
        'address.added',
        'address.added',
        'address.latitude',
        'address.longitude',
        'address.removed',
        'address.street',
      ]);
    });

    const badAddresses: [string, Record<string, unknown>, RegExp][] = [
      ['a 4-digit Finnish postal code', { ...home, postalCode: '0010' }, /postalCode format/],
      ['a latitude out of range', { ...home, latitude: 91, longitude: 20 }, /latitude/],
      ['a longitude out of range', { ...home, latitude: 60, longitude: -181 }, /longitude/],
      ['a latitude without longitude', { ...home, latitude: 60 }, /longitude incomplete coordinates/],
      ['an unknown country', { ...home, country: 'QQ' }, /country unknown country/],
      ['a missing city', { street: 'Katu 1', postalCode: '00100' }, /city/],
      ['a coordinate as text', { ...home, latitude: '60', longitude: '24' }, /latitude/],
    ];
    it.each(badAddresses)('refuses %s with 400 and stores nothing', async (_label, body, detail) => {
      const c = await register(url);
      const res = await request(url)
        .post('/api/v1/me/addresses')
        .set(bearer(c.accessToken))
        .send(body)
        .expect(400);
      expect(errorText(res.body)).toMatch(detail);
      const rows = await system.sql('SELECT 1 FROM customers.addresses WHERE customer_id = $1', [
        c.customerId,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('adds an address once when the same message is delivered twice (retry)', async () => {
      const c = await register(url);
      const addresses = system.services.get('customers')!.get(AddressesService);
      const actor = { accountId: c.customerId, role: 'customer' as const };
      const messageId = randomUUID();
      const first = await addresses.add(c.customerId, home, actor, { id: messageId });
      const again = await addresses.add(c.customerId, home, actor, { id: messageId });
      expect(again.id).toBe(first.id);
      const rows = await system.sql('SELECT 1 FROM customers.addresses WHERE customer_id = $1', [
        c.customerId,
      ]);
      expect(rows).toHaveLength(1);
    });

    it("treats another customer's address as not found (404), and leaves it alone", async () => {
      const owner = await register(url);
      const other = await register(url);
      const a = await request(url)
        .post('/api/v1/me/addresses')
        .set(bearer(owner.accessToken))
        .send(home)
        .expect(201);
      await request(url)
        .patch(`/api/v1/me/addresses/${a.body.id}`)
        .set(bearer(other.accessToken))
        .send({ street: 'Hijacked 1' })
        .expect(404);
      await request(url)
        .delete(`/api/v1/me/addresses/${a.body.id}`)
        .set(bearer(other.accessToken))
        .expect(404);
      await request(url).get('/api/v1/me/addresses/not-a-uuid').set(bearer(other.accessToken)).expect(404);
      await request(url).delete('/api/v1/me/addresses/not-a-uuid').set(bearer(other.accessToken)).expect(400);
      const list = await request(url).get('/api/v1/me/addresses').set(bearer(owner.accessToken)).expect(200);
      expect(list.body[0].street).toBe(home.street);
    });
  });

  describe('identity code', () => {
    it('stores it encrypted, answers it masked everywhere, and keeps it out of logs and Redis', async () => {
      const c = await register(url);
      const code = freshIdentityCode();
      const res = await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: code, purpose: 'household_deduction' })
        .expect(200);
      expect(res.body).toEqual({
        masked: `${code.slice(0, 7)}****`,
        purpose: 'household_deduction',
        updatedAt: expect.any(String),
      });
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body.identityCode.masked).toBe(`${code.slice(0, 7)}****`);
      expect(JSON.stringify(me.body)).not.toContain(code);

      // Ciphertext with a key id and a blind index, nothing readable.
      const [row] = await system.sql<{ key_id: string; blind_index: string; has_clear: boolean }>(
        `SELECT key_id, blind_index, position(convert_to($2, 'UTF8') in ciphertext) > 0 AS has_clear
           FROM customers.identity_codes WHERE customer_id = $1`,
        [c.customerId, code],
      );
      expect(row).toEqual({
        key_id: 'dev1',
        blind_index: expect.stringMatching(/^[0-9a-f]{64}$/),
        has_clear: false,
      });
      expect(await scanPostgres(system.db.adminUrl, [code, code.slice(7)])).toEqual([]);
      expect(await scanRedis(REDIS_URL, [code], { prefix: system.prefix })).toEqual([]);
      expect(system.logs.text()).not.toContain(code);
      expect((await history(c.customerId)).map((r) => r.field)).toEqual(['identityCode']);
    });

    it('treats codes differing only in the century sign (A, B) as different people', async () => {
      const a = await register(url);
      const b = await register(url);
      const code = freshIdentityCode('A').replace(/^150385/, '150305');
      // Recompute the check character for the changed date.
      const fixed = `${code.slice(0, 10)}${CHECK[Number(code.slice(0, 6) + code.slice(7, 10)) % 31]}`;
      const sameDigitsOtherSign = `${fixed.slice(0, 6)}B${fixed.slice(7)}`;
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(a.accessToken))
        .send({ identityCode: fixed, purpose: 'invoicing' })
        .expect(200);
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(b.accessToken))
        .send({ identityCode: sameDigitsOtherSign.toLowerCase(), purpose: 'invoicing' })
        .expect(200);
    });

    it('refuses a code already registered to another customer (409), in any letter case', async () => {
      const a = await register(url);
      const b = await register(url);
      const code = freshIdentityCode();
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(a.accessToken))
        .send({ identityCode: code, purpose: 'invoicing' })
        .expect(200);
      const res = await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(b.accessToken))
        .send({ identityCode: code.toLowerCase(), purpose: 'invoicing' })
        .expect(409);
      expect(res.body.reason).toBe('IDENTITY_CODE_TAKEN');
      expect(JSON.stringify(res.body)).not.toContain(code);
      // The owner may set the same code again (e.g. a new purpose).
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(a.accessToken))
        .send({ identityCode: code, purpose: 'credit_check' })
        .expect(200);
    });

    const badCodes: [string, string, RegExp][] = [
      ['a bad check character', '131052-308U', /check character/],
      ['an impossible date', '310252-308T', /not a real date/],
      ['a bad century sign', '131052G308T', /century sign/],
      ['a temporary code (not allowed here)', '010594Y9032', /temporary/],
      ['the wrong shape', '13105-308T', /form DDMMYYCNNNX/],
    ];
    it.each(badCodes)('refuses %s with 400, never echoing the code', async (_label, code, detail) => {
      const c = await register(url);
      const res = await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: code, purpose: 'invoicing' })
        .expect(400);
      expect(errorText(res.body)).toMatch(detail);
      expect(JSON.stringify(res.body)).not.toContain(code);
      expect(system.logs.text()).not.toContain(code);
      expect(
        await system.sql('SELECT 1 FROM customers.identity_codes WHERE customer_id = $1', [c.customerId]),
      ).toEqual([]);
    });

    it('needs a known purpose', async () => {
      const c = await register(url);
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: freshIdentityCode(), purpose: 'curiosity' })
        .expect(400);
    });
  });

  describe('password change', () => {
    it('needs the current password, then revokes every refresh token', async () => {
      const c = await register(url);
      const wrong = await request(url)
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: 'not the password', newPassword: 'a brand new passphrase' })
        .expect(403);
      expect(wrong.body.reason).toBe('WRONG_PASSWORD');
      await request(url)
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: c.password, newPassword: 'short' })
        .expect(400);
      await request(url)
        .post('/api/v1/auth/change-password')
        .send({ currentPassword: c.password, newPassword: 'a brand new passphrase' })
        .expect(401);
      await request(url)
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: c.password, newPassword: 'a brand new passphrase' })
        .expect(204);
      await request(url).post('/api/v1/auth/refresh').send({ refreshToken: c.refreshToken }).expect(401);
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: c.password })
        .expect(401);
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: 'a brand new passphrase' })
        .expect(200);
    });

    it('a change delivered twice (its answer lost after the commit) is answered as done', async () => {
      const c = await register(url);
      loseNextAnswer(system.services.get('customers')!.get(AccountsService), 'changePassword');
      await request(url)
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: c.password, newPassword: 'another new passphrase' })
        .expect(204);
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: 'another new passphrase' })
        .expect(200);
      // A wrong current password is still refused.
      await request(url)
        .post('/api/v1/auth/change-password')
        .set(bearer(c.accessToken))
        .send({ currentPassword: 'not the password', newPassword: 'yet another passphrase' })
        .expect(403);
    });
  });

  describe('who may use /me', () => {
    it('needs a token (roles are checked in customers-staff)', async () => {
      await request(url).get('/api/v1/me/addresses').expect(401);
      await request(url).patch('/api/v1/me').send({ firstName: 'X' }).expect(401);
      await request(url).put('/api/v1/me/identity-code').send({}).expect(401);
    });
  });
});
