import { randomUUID } from 'node:crypto';
import type { StaffRequestView } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register } from '../../../test/support/api.js';
import { inDays, offerOrder, placeOrder } from '../../../test/support/booking.js';
import { MailSink } from '../../../test/support/mail-sink.js';
import { TestSystem } from '../../../test/support/system.js';

const LIFT_NOTICE = 'Käsittelyn rajoitus päättyy';

/**
 * Art. 18(3): lifting a restriction reaches every service — customers, orders and
 * notifications — and the subject is told before it takes effect; the lift is recorded in the
 * restriction request's history.
 */
describe('Privacy: lifting a restriction', () => {
  let mail: MailSink;
  let system: TestSystem;
  let dpo: string;
  let operator: string;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({ env: { SMTP_URL: mail.url, DELIVERY_BACKOFF_MS: '100' } });
    dpo = await system.tokenFor('dpo');
    operator = await system.tokenFor('operator');
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  it('clears it in customers, orders and notifications, after the subject is told', async () => {
    const c = await register(system.url);
    const orderId = await placeOrder(system.url, c, {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      startsAt: inDays(10),
      frequency: 'one_off',
      address: { street: 'Salakatu 7 B 9', postalCode: '33100', city: 'Tampere' },
      paymentMethod: 'invoice',
    });
    const created = await request(system.url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'restriction' })
      .expect(202);
    const requestId = (created.body as { id: string }).id;
    const restrictedEverywhere = async (restricted: boolean) => {
      const [customer] = await system.sql<{ restricted: boolean }>(
        'SELECT restricted FROM customers.customers WHERE id = $1',
        [c.customerId],
      );
      const [order] = await system.sql<{ restricted: boolean }>(
        'SELECT restricted FROM orders.orders WHERE id = $1',
        [orderId],
      );
      const [prefs] = await system.sql<{ restricted: boolean }>(
        'SELECT restricted FROM notifications.marketing_preferences WHERE subject_id = $1',
        [c.customerId],
      );
      return (
        customer?.restricted === restricted &&
        order?.restricted === restricted &&
        (prefs?.restricted ?? false) === restricted
      );
    };
    await waitFor(() => restrictedEverywhere(true), { timeoutMs: 15_000, description: 'the restriction' });
    // While restricted, the order is not offered.
    const held = await offerOrder(system.url, operator, orderId, [randomUUID()]);
    expect(held.body).toMatchObject({ offeredTo: 0 });

    const liftUrl = `/api/v1/admin/privacy/subjects/${c.customerId}/restriction/lift`;
    await request(system.url)
      .post(liftUrl)
      .set(bearer(dpo))
      .send({ reason: 'Accuracy verified' })
      .expect(200);
    await waitFor(() => restrictedEverywhere(false), {
      timeoutMs: 20_000,
      description: 'the lift everywhere',
    });

    // The notice was delivered before the lift took effect in any service.
    const notices = mail.to(c.email).filter((m) => m.subject === LIFT_NOTICE);
    expect(notices).toHaveLength(1);
    const [sent] = await system.sql<{ sent_at: Date }>(
      `SELECT sent_at FROM notifications.outgoing_messages
        WHERE recipient_id = $1 AND template = 'privacy-restriction-lifted'`,
      [c.customerId],
    );
    // The customers service's record of the lift: the latest change of the flag by this request.
    const [lifted] = await system.sql<{ changed_at: Date }>(
      `SELECT max(changed_at) AS changed_at FROM customers.rectification_history
        WHERE customer_id = $1 AND field = 'restricted' AND request_id = $2`,
      [c.customerId, requestId],
    );
    expect(sent.sent_at.getTime()).toBeLessThanOrEqual(lifted.changed_at.getTime());
    const [order] = await system.sql<{ updated_at: Date }>(
      'SELECT updated_at FROM orders.orders WHERE id = $1',
      [orderId],
    );
    expect(sent.sent_at.getTime()).toBeLessThanOrEqual(order.updated_at.getTime());

    // The order can be offered again.
    const offered = await offerOrder(system.url, operator, orderId, [randomUUID()]);
    expect(offered.body).toMatchObject({ offeredTo: 1, status: 'offered' });

    // Recorded in the request's history: asked for, then done in every service.
    const history = await waitFor(
      async () => {
        const v = (
          await request(system.url)
            .get(`/api/v1/admin/privacy/requests/${requestId}`)
            .set(bearer(dpo))
            .expect(200)
        ).body as StaffRequestView;
        return v.transitions.some((t) => /lifted in every service/.test(t.note ?? '')) ? v : null;
      },
      { timeoutMs: 10_000, description: 'the lift in the request history' },
    );
    const notes = history.transitions.map((t) => t.note ?? '');
    expect(notes.findIndex((n) => /being lifted/.test(n))).toBeLessThan(
      notes.findIndex((n) => /lifted in every service/.test(n)),
    );

    // Not restricted any more: a second lift is refused and starts nothing.
    const again = await request(system.url)
      .post(liftUrl)
      .set(bearer(dpo))
      .send({ reason: 'Again' })
      .expect(409);
    expect(again.body).toMatchObject({ reason: 'NOT_RESTRICTED' });
    expect(mail.to(c.email).filter((m) => m.subject === LIFT_NOTICE)).toHaveLength(1);
  });
});
