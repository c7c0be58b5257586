import { randomUUID } from 'node:crypto';
import type { StaffRequestView } from '@offera/contracts';
import request from 'supertest';
import { bearer, register } from '../../../test/support/api.js';
import { TestSystem } from '../../../test/support/system.js';

/**
 * A client that retries (after a timeout, a lost answer, a double click) never makes a second
 * request: with an Idempotency-Key the same key answers with the first request; without one,
 * the same subject's identical request within the duplicate window does.
 */
describe('Privacy: retries never duplicate a request', () => {
  let system: TestSystem;
  let dpo: string;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { DUPLICATE_REQUEST_WINDOW_MINUTES: '5' } });
    dpo = await system.tokenFor('dpo');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const post = (token: string, body: object, key?: string) => {
    const r = request(system.url).post('/api/v1/privacy/requests').set(bearer(token));
    return (key ? r.set('idempotency-key', key) : r).send(body);
  };

  const countOf = async (subjectId: string, type: string) => {
    const [row] = await system.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM privacy.requests r
        WHERE r.subject_ref = (SELECT subject_ref FROM privacy.requests WHERE subject_id = $1 LIMIT 1)
          AND r.type = $2`,
      [subjectId, type],
    );
    return row.n;
  };

  it('concurrent posts with one Idempotency-Key make one request; the key with another body is 422', async () => {
    const c = await register(system.url);
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(c.accessToken, { type: 'access' }, key)),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = new Set(answers.map((a) => (a.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length).toBe(4);
    expect(await countOf(c.customerId, 'access')).toBe(1);

    const reused = await post(c.accessToken, { type: 'portability' }, key).expect(422);
    expect(reused.body).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await countOf(c.customerId, 'portability')).toBe(0);
    await post(c.accessToken, { type: 'access' }, 'x'.repeat(1000)).expect(400);
  });

  it('without a key, the same request within minutes answers with the first, even once it is done', async () => {
    const c = await register(system.url);
    // An objection is carried out at once: the retry finds it completed, not open.
    const first = await post(c.accessToken, { type: 'objection' }).expect(202);
    expect(first.body).toMatchObject({ status: 'completed' });
    const again = await post(c.accessToken, { type: 'objection' }).expect(202);
    expect(again.body).toEqual(first.body);

    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => post(c.accessToken, { type: 'restriction' })),
    );
    expect(new Set(concurrent.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    expect(await countOf(c.customerId, 'restriction')).toBe(1);

    // After the window, the same request is a new one.
    await system.sql(
      `UPDATE privacy.requests SET received_at = received_at - interval '10 minutes' WHERE id = $1`,
      [(first.body as { id: string }).id],
    );
    const later = await post(c.accessToken, { type: 'objection' }).expect(202);
    expect((later.body as { id: string }).id).not.toBe((first.body as { id: string }).id);
    expect(await countOf(c.customerId, 'objection')).toBe(2);
  });

  it('the staff route takes an Idempotency-Key too', async () => {
    const c = await register(system.url);
    const body = { type: 'access', verification: 'id_document', subjectId: c.customerId };
    const key = randomUUID();
    const staff = (k: string) =>
      request(system.url).post('/api/v1/admin/privacy/requests').set(bearer(dpo)).set('idempotency-key', k);
    const [a, b] = await Promise.all([staff(key).send(body), staff(key).send(body)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as StaffRequestView).id).toBe((b.body as StaffRequestView).id);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']]).toContain('true');
    await staff(key)
      .send({ ...body, type: 'portability' })
      .expect(422);
    expect(await countOf(c.customerId, 'access')).toBe(1);
    expect(await countOf(c.customerId, 'portability')).toBe(0);
  });
});
