import { randomUUID } from 'node:crypto';
import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import { TestSystem } from '../support/system.js';

type Outcome = 'hit' | 'miss' | 'bypass';

describe('Gateway: the signed-in profile kept in memory', () => {
  let system: TestSystem;
  let url: string;
  let bus: MessageBus;

  beforeAll(async () => {
    // Entries would live for five minutes: only invalidation can make a read fresh in these tests.
    system = await TestSystem.start({ env: { PROFILE_CACHE_TTL_MS: '300000' } });
    url = system.url;
    bus = system.gateway!.get(MessageBus);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function outcomes(): Promise<Record<Outcome, number>> {
    const text = (await request(system.internalUrl).get('/metrics').expect(200)).text;
    const count = (result: Outcome) =>
      Number(
        new RegExp(`^gateway_profile_cache_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, 'm').exec(
          text,
        )?.[1] ?? 0,
      );
    return { hit: count('hit'), miss: count('miss'), bypass: count('bypass') };
  }

  const me = (c: Registered, headers: Record<string, string> = {}) =>
    request(url).get('/api/v1/me').set(bearer(c.accessToken)).set(headers);

  it('answers repeated reads from memory, and from the register on Cache-Control: no-cache', async () => {
    const c = await register(url);
    const before = await outcomes();
    const first = await me(c).expect(200);
    expect(first.headers['cache-control']).toBe('private, no-store');
    const second = await me(c).expect(200);
    expect(second.body).toEqual(first.body);
    await me(c, { 'cache-control': 'no-cache' }).expect(200);
    const after = await outcomes();
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    expect(after.bypass - before.bypass).toBe(1);
  });

  it('reads back the caller’s own change at once', async () => {
    const c = await register(url);
    await me(c).expect(200);
    await request(url)
      .patch('/api/v1/me')
      .set(bearer(c.accessToken))
      .send({ firstName: 'Vaihdettu', language: 'en' })
      .expect(200);
    const read = await me(c).expect(200);
    expect(read.body).toMatchObject({ firstName: 'Vaihdettu', language: 'en' });
    await request(url)
      .put('/api/v1/me/identity-code')
      .set(bearer(c.accessToken))
      .send({ identityCode: '131052-308T', purpose: 'household_deduction' })
      .expect(200);
    expect((await me(c).expect(200)).body).toMatchObject({ identityCode: { masked: '131052-****' } });
  });

  it('drops the kept profile when the customers service changes it for someone else (rectification, restriction)', async () => {
    const c = await register(url);
    expect((await me(c).expect(200)).body).toMatchObject({ lastName: c.lastName, restricted: false });
    await bus.send('customers.rectify-subject', {
      requestId: randomUUID(),
      subjectId: c.customerId,
      fields: { lastName: 'Oikaistu' },
    });
    // The service broadcasts before it replies, on the connection the reply arrives on: no wait needed.
    expect((await me(c).expect(200)).body).toMatchObject({ lastName: 'Oikaistu' });
    await bus.send('customers.restrict-subject', {
      requestId: randomUUID(),
      subjectId: c.customerId,
      restricted: true,
    });
    expect((await me(c).expect(200)).body).toMatchObject({ restricted: true });
  });

  it('after erasure the old access token finds nothing, not a kept copy', async () => {
    const c = await register(url);
    await me(c).expect(200);
    await me(c).expect(200);
    const accepted = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    await system.privacyRequestWhen((accepted.body as { id: string }).id, c.customerId);
    // The session ended with the erasure: refused before any profile is looked for.
    const read = await me(c);
    expect(read.status).toBe(401);
    expect(JSON.stringify(read.body)).not.toContain(c.email);
  });
});
