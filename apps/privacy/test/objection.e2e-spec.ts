import type { StaffRequestView } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register } from '../../../test/support/api.js';
import { TestSystem } from '../../../test/support/system.js';

/**
 * Art. 21(3): an objection to direct marketing is absolute. It is executed at once: never held
 * as possibly excessive, never rejected.
 */
describe('Privacy: an objection to direct marketing is absolute', () => {
  let system: TestSystem;
  let dpo: string;

  beforeAll(async () => {
    // Two earlier requests make the next one possibly excessive.
    system = await TestSystem.start({
      env: { EXCESSIVE_REQUESTS_COUNT: '2', EXCESSIVE_REQUESTS_DAYS: '30' },
    });
    dpo = await system.tokenFor('dpo');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const subjectRequest = (token: string, type: string) =>
    request(system.url).post('/api/v1/privacy/requests').set(bearer(token)).send({ type }).expect(202);

  const staffView = async (id: string) =>
    (await request(system.url).get(`/api/v1/admin/privacy/requests/${id}`).set(bearer(dpo)).expect(200))
      .body as StaffRequestView;

  it('is carried out at once even when the subject has made many requests', async () => {
    const c = await register(system.url);
    await subjectRequest(c.accessToken, 'access');
    await subjectRequest(c.accessToken, 'restriction');
    // Any other request now waits for the DPO ...
    const held = await subjectRequest(c.accessToken, 'portability');
    expect((await staffView((held.body as { id: string }).id)).possiblyExcessive).toBe(true);
    expect(held.body).toMatchObject({ status: 'verified' });
    // ... but not an objection.
    const objection = await subjectRequest(c.accessToken, 'objection');
    expect(objection.body).toMatchObject({ status: 'completed' });
    const view = await staffView((objection.body as { id: string }).id);
    expect(view.possiblyExcessive).toBe(false);
    expect(view.transitions.map((t) => t.to)).toEqual([
      'received',
      'verified',
      'approved',
      'in_progress',
      'completed',
    ]);
  });

  it('a DPO cannot reject it (422, nothing changes); once verified it is executed without a decision', async () => {
    const c = await register(system.url);
    const created = await request(system.url)
      .post('/api/v1/admin/privacy/requests')
      .set(bearer(dpo))
      .send({ type: 'objection', verification: 'id_document', subjectId: c.customerId })
      .expect(201);
    const id = (created.body as StaffRequestView).id;

    const refused = await request(system.url)
      .post(`/api/v1/admin/privacy/requests/${id}/reject`)
      .set(bearer(dpo))
      .send({ reason: 'We would rather keep marketing to you' })
      .expect(422);
    expect(refused.body).toMatchObject({
      reason: 'OBJECTION_IS_ABSOLUTE',
      message: expect.stringContaining('Art. 21(3)'),
    });
    const unchanged = await staffView(id);
    expect(unchanged).toMatchObject({ status: 'received', decisionReason: null });

    await request(system.url)
      .post(`/api/v1/admin/privacy/requests/${id}/verify`)
      .set(bearer(dpo))
      .send({ method: 'id_document' })
      .expect(200);
    const done = await waitFor(
      async () => {
        const v = await staffView(id);
        return v.status === 'completed' ? v : null;
      },
      { timeoutMs: 10_000, description: 'the verified objection to be executed' },
    );
    expect(done.transitions.map((t) => t.to)).toEqual([
      'received',
      'verified',
      'approved',
      'in_progress',
      'completed',
    ]);
    // Completed, it cannot be rejected either.
    await request(system.url)
      .post(`/api/v1/admin/privacy/requests/${id}/reject`)
      .set(bearer(dpo))
      .send({ reason: 'Too late' })
      .expect(422);
  });
});
