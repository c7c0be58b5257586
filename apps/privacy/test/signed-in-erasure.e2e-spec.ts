import { withPgClient } from '@offera/database';
import { waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, register } from '../../../test/support/api.js';
import { type PublishedEvent, TestSystem } from '../../../test/support/system.js';
import { RequestExecution } from '../src/execution/request-execution.service.js';

/**
 * A signed-in subject's erasure is received, verified, approved and started in one transaction
 * and completed in another: each step must still be recorded and audited, in order, and each
 * change announced once with the steps it took.
 */
describe('Privacy: a signed-in erasure records every step', () => {
  let system: TestSystem;
  let published: PublishedEvent[] = [];

  beforeAll(async () => {
    system = await TestSystem.start();
    published = system.recordEvents('privacy');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const sql = <R extends object>(text: string, params: unknown[] = []) =>
    withPgClient(system.db.adminUrl, async (c) => (await c.query<R>(text, params)).rows);

  it('writes each transition, audit entry and status event in order, and completes once', async () => {
    const c = await register(system.url);
    const accepted = await request(system.url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    const id = (accepted.body as { id: string }).id;
    expect(accepted.body).toEqual({ id, status: 'in_progress' });

    // Read over the transport: the subject's token is refused once their account is erased.
    const done = await system.privacyRequestWhen(id, c.customerId);
    expect(done.receipts.map((r) => r.service)).toEqual(['customers', 'notifications', 'orders', 'privacy']);
    expect(done.completedAt).toEqual(expect.any(String));

    const steps = [
      [null, 'received'],
      ['received', 'verified'],
      ['verified', 'approved'],
      ['approved', 'in_progress'],
      ['in_progress', 'completed'],
    ];
    const transitions = await sql<{
      from_status: string | null;
      to_status: string;
      actor: string;
      note: string | null;
    }>(
      'SELECT from_status, to_status, actor, note FROM privacy.request_transitions WHERE request_id = $1 ORDER BY id',
      [id],
    );
    expect(transitions).toEqual([
      { from_status: null, to_status: 'received', actor: 'subject', note: null },
      {
        from_status: 'received',
        to_status: 'verified',
        actor: 'system',
        note: 'signed in to their own account',
      },
      {
        from_status: 'verified',
        to_status: 'approved',
        actor: 'system',
        note: 'verified subject, no exemption applies',
      },
      { from_status: 'approved', to_status: 'in_progress', actor: 'system', note: null },
      { from_status: 'in_progress', to_status: 'completed', actor: 'system', note: null },
    ]);

    const audit = await sql<{
      action: string;
      actor_role: string;
      detail: { from: string | null; to: string };
    }>('SELECT action, actor_role, detail FROM privacy.audit_log WHERE request_id = $1 ORDER BY id', [id]);
    expect(audit.map((a) => a.action)).toEqual(steps.map(([, to]) => `request.${to}`));
    expect(audit.map((a) => a.actor_role)).toEqual(['customer', 'system', 'system', 'system', 'system']);
    expect(audit.map((a) => [a.detail.from, a.detail.to])).toEqual(steps);

    // One event per change: the subject's receipt (four steps at once) and the outcome.
    const events = await waitFor(
      () => {
        const found = published.filter(
          (e) => e.name === 'privacy-request.status-changed' && e.payload.requestId === id,
        );
        return found.length >= 2 ? found.map((e) => e.payload) : null;
      },
      { description: 'two status-changed events' },
    );
    expect(events.map((e) => [e.status, e.entered])).toEqual([
      ['in_progress', ['received', 'verified', 'approved', 'in_progress']],
      ['completed', ['completed']],
    ]);
    expect(events[0]).toMatchObject({ subjectId: c.customerId, type: 'erasure', reason: null });

    // A re-delivered parent finds the request completed and writes nothing more.
    const execution = system.services.get('privacy')!.get(RequestExecution);
    expect(await execution.finish(id, {})).toBeNull();
    const [{ n }] = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM privacy.request_transitions WHERE request_id = $1',
      [id],
    );
    expect(n).toBe(steps.length);

    // Each service's step run again for this request (a job whose answer was lost) answers with
    // the receipt it gave the first time, not with zero counts.
    const bus = system.gateway!.get(MessageBus);
    const again = await Promise.all([
      bus.send('customers.erase-subject', { requestId: id, subjectId: c.customerId }),
      bus.send('notifications.erase-subject', { requestId: id, subjectId: c.customerId }),
      bus.send('orders.erase-subject', { requestId: id, subjectId: c.customerId }),
      bus.send('privacy.erase-subject', { requestId: id, subjectId: c.customerId }),
    ]);
    expect(again).toEqual(
      done.receipts.map(({ service, erased, withheld }) => ({ service, erased, withheld })),
    );
    expect(done.receipts.find((r) => r.service === 'customers')?.erased).toMatchObject({
      accounts: 1,
      customers: 1,
    });
  });
});
