import { randomUUID } from 'node:crypto';
import { waitFor } from '@offera/testing';
import { BullMqClient } from '@offera/transport';
import request from 'supertest';
import { bearer, newCustomer, register } from '../support/api.js';
import { inDays, inMinutes, placeOrder } from '../support/booking.js';
import { MailSink, type ReceivedMail } from '../support/mail-sink.js';
import { TestSystem } from '../support/system.js';

const DOOR_CODE = 'Ovikoodi 4321';
const STREET = 'Hämeenkatu 12 B 7';
/** Anything of the private details: none may reach a provider before the job is theirs. */
const PRIVATE = /4321|Hämeenkatu|Kissa Mirri|Soita ensin/;

const orderBody = (postalCode: string, overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  startsAt: inDays(10),
  address: { street: STREET, postalCode, city: 'Tampere' },
  accessNotes: DOOR_CODE,
  pets: 'Kissa Mirri',
  extraInfo: 'Soita ensin',
  paymentMethod: 'invoice',
  ...overrides,
});

interface Provider {
  readonly id: string;
  readonly token: string;
  readonly email: string;
}

/**
 * The booking rules of issue 16 through the gateway, with every service running: what an offered
 * provider sees, frequency on one-off orders, visits in time, and order messages in order, once.
 */
describe('Booking: minimisation, frequency, visits in time, messages in order', () => {
  let system: TestSystem;
  let mail: MailSink;
  let url: string;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: {
        SMTP_URL: mail.url,
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_ATTEMPTS: '20',
        ORDERS_SCHEDULE_JOBS: 'false',
      },
    });
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  /** A provider account (no phone: offers reach them by email) serving `postalCode`. */
  const provider = async (postalCode: string): Promise<Provider> => {
    const admin = await system.tokenFor('admin');
    const c = newCustomer();
    const email = `provider.${c.email}`;
    const res = await request(url)
      .post('/api/v1/admin/accounts')
      .set(bearer(admin))
      .send({
        role: 'provider',
        email,
        password: 'provider passphrase 123',
        firstName: c.firstName,
        lastName: c.lastName,
        provider: { kind: 'person', postalCodes: [postalCode], serviceCodes: ['kotisiivous'] },
      })
      .expect(201);
    const id = res.body.id as string;
    return { id, token: await system.tokenFor('provider', id), email };
  };

  const offerId = (p: Provider, orderId: string) =>
    waitFor(
      async () => {
        const res = await request(url).get('/api/v1/provider/offers').set(bearer(p.token)).expect(200);
        const offer = (res.body as { offerId: string; order: { id: string } }[]).find(
          (o) => o.order.id === orderId,
        );
        return offer?.offerId ?? null;
      },
      { description: 'the offer reaches the provider' },
    );

  const accept = async (p: Provider, orderId: string) =>
    request(url)
      .post(`/api/v1/provider/offers/${await offerId(p, orderId)}/accept`)
      .set(bearer(p.token))
      .expect(200);

  const providerGet = (p: Provider, orderId: string) =>
    request(url).get(`/api/v1/provider/orders/${orderId}`).set(bearer(p.token));

  const visit = (p: Provider, orderId: string, step: 'start' | 'complete') =>
    request(url).post(`/api/v1/provider/orders/${orderId}/${step}`).set(bearer(p.token));

  const mailsTo = async (email: string, subject: RegExp, n = 1): Promise<ReceivedMail[]> =>
    waitFor(
      () => {
        const found = mail.to(email).filter((m) => subject.test(m.subject));
        return found.length >= n ? found : null;
      },
      { timeoutMs: 15_000, description: `${n} mail(s) ${String(subject)} to arrive` },
    );

  const messagesOf = (recipientId: string) =>
    system.sql<{ template: string; status: string; last_error: string | null; order_id: string | null }>(
      `SELECT template, status, last_error, params->>'orderId' AS order_id
         FROM notifications.outgoing_messages WHERE recipient_id = $1 ORDER BY created_at`,
      [recipientId],
    );

  const settled = (recipientId: string) =>
    waitFor(
      async () => (await messagesOf(recipientId)).every((m) => !['pending', 'sending'].includes(m.status)),
      { timeoutMs: 15_000, description: 'the messages to be settled' },
    );

  describe('an offered provider sees only what deciding needs (16.1)', () => {
    it('minimal while offered, in the offer email too; full once assigned; never for another; gone 14 days after completion', async () => {
      const postalCode = '33210';
      const [a, b] = [await provider(postalCode), await provider(postalCode)];
      const c = await register(url);
      // Soon, so that the visit can be started and completed in the test.
      const orderId = await placeOrder(url, c, orderBody(postalCode, { startsAt: inMinutes(30) }));

      // order.placed offers it to both; the offer list and the job show the area, not the address.
      await offerId(a, orderId);
      const offers = await request(url).get('/api/v1/provider/offers').set(bearer(a.token)).expect(200);
      const offered = (offers.body as { order: { id: string } }[]).find((o) => o.order.id === orderId);
      expect(offered?.order).toMatchObject({
        id: orderId,
        status: 'offered',
        serviceCode: 'kotisiivous',
        durationMinutes: 120,
        area: { postalCode, district: 'Tampere' },
        hasPets: true,
        address: null,
        latitude: null,
        accessNotes: null,
        pets: null,
        extraInfo: null,
        customerName: null,
        comments: [],
      });
      expect(JSON.stringify(offers.body)).not.toMatch(PRIVATE);
      const job = await providerGet(a, orderId).expect(200);
      expect(job.body).toMatchObject({
        area: { postalCode },
        hasPets: true,
        address: null,
        customerName: null,
      });
      expect(JSON.stringify(job.body)).not.toMatch(PRIVATE);
      expect(JSON.stringify(job.body)).not.toContain(c.lastName);

      // The offer email: reference, time and deadline; nothing private, not the customer's name.
      for (const p of [a, b]) {
        const [offerMail] = await mailsTo(p.email, /^Uusi keikkatarjous/);
        expect(offerMail.text).toContain(orderId.slice(0, 8).toUpperCase());
        expect(`${offerMail.subject}\n${offerMail.text}\n${offerMail.html}`).not.toMatch(PRIVATE);
        expect(offerMail.text).not.toContain(c.lastName);
      }

      // Assigned to A: the details, and the customer's name in the job view.
      const accepted = await accept(a, orderId);
      expect(accepted.body).toMatchObject({
        status: 'assigned',
        address: { street: STREET },
        accessNotes: DOOR_CODE,
        pets: 'Kissa Mirri',
        extraInfo: 'Soita ensin',
      });
      const full = await providerGet(a, orderId).expect(200);
      expect(full.body).toMatchObject({
        accessNotes: DOOR_CODE,
        customerName: `${c.firstName} ${c.lastName}`,
      });

      // B never: not in their offers, not readable, not in their jobs.
      const bOffers = await request(url).get('/api/v1/provider/offers').set(bearer(b.token)).expect(200);
      expect(JSON.stringify(bOffers.body)).not.toContain(orderId);
      const bJob = await providerGet(b, orderId).expect(404);
      expect(JSON.stringify(bJob.body)).not.toMatch(PRIVATE);
      const bJobs = await request(url).get('/api/v1/provider/orders').set(bearer(b.token)).expect(200);
      expect(JSON.stringify(bJobs.body)).not.toMatch(PRIVATE);

      // Done: A still sees the details shortly after.
      await visit(a, orderId, 'start').expect(200);
      const done = await visit(a, orderId, 'complete').expect(200);
      expect(done.body).toMatchObject({ status: 'completed', accessNotes: DOOR_CODE });

      // 15 days after completion (the default period is 14): the details are gone again.
      await system.sql(`UPDATE orders.orders SET completed_at = now() - interval '15 days' WHERE id = $1`, [
        orderId,
      ]);
      const later = await providerGet(a, orderId).expect(200);
      expect(later.body).toMatchObject({
        status: 'completed',
        area: { postalCode, district: 'Tampere' },
        hasPets: true,
        address: null,
        accessNotes: null,
        pets: null,
        extraInfo: null,
        customerName: null,
        comments: [],
      });
      expect(JSON.stringify(later.body)).not.toMatch(PRIVATE);
      const aJobs = await request(url).get('/api/v1/provider/orders').set(bearer(a.token)).expect(200);
      expect((aJobs.body as { id: string }[]).map((o) => o.id)).toContain(orderId);
      expect(JSON.stringify(aJobs.body)).not.toMatch(PRIVATE);
      await providerGet(b, orderId).expect(404);
    });
  });

  describe('frequency belongs to a series (16.2)', () => {
    it('refuses a recurring frequency on a one-off order with a clear 400 and places nothing', async () => {
      const c = await register(url);
      const body = orderBody('33100');
      for (const frequency of ['weekly', 'every_2_weeks', 'monthly']) {
        const res = await request(url)
          .post('/api/v1/orders')
          .set(bearer(c.accessToken))
          .send({ ...body, frequency })
          .expect(400);
        expect(JSON.stringify(res.body)).toMatch(/one_off.*series/);
      }
      await request(url)
        .post('/api/v1/orders')
        .set(bearer(c.accessToken))
        .send({ ...body, frequency: 'daily' })
        .expect(400);
      const none = await system.sql('SELECT id FROM orders.orders WHERE customer_id = $1', [c.customerId]);
      expect(none).toEqual([]);
    });

    it('prices a one-off order as one-off, and previews a series price in the quote', async () => {
      const c = await register(url);
      const body = orderBody('33100');
      const quote = (frequency: string) =>
        request(url)
          .post('/api/v1/orders/quote')
          .set(bearer(c.accessToken))
          .send({ serviceCode: body.serviceCode, durationMinutes: 120, startsAt: body.startsAt, frequency })
          .expect(200);
      const oneOff = await quote('one_off');
      const weekly = await quote('weekly');
      expect(
        (weekly.body as { frequencyDiscount: { rateBp: number } }).frequencyDiscount.rateBp,
      ).toBeGreaterThan(0);
      expect(weekly.body.totalGrossCents as number).toBeLessThan(oneOff.body.totalGrossCents as number);
      for (const extra of [{}, { frequency: 'one_off' }]) {
        const placed = await request(url)
          .post('/api/v1/orders')
          .set(bearer(c.accessToken))
          .send({ ...body, ...extra })
          .expect(201);
        expect(placed.body).toMatchObject({
          seriesId: null,
          frequency: 'one_off',
          totalCents: oneOff.body.totalGrossCents,
          price: { frequencyDiscount: { rateBp: 0, cents: 0 } },
        });
      }
    });
  });

  describe('visits happen in time (16.3)', () => {
    it('refuses to start days or 90 minutes early, and to complete unstarted: no invoice, no rating request', async () => {
      const postalCode = '33300';
      const p = await provider(postalCode);
      const c = await register(url);
      for (const startsAt of [inDays(15), inMinutes(90)]) {
        const orderId = await placeOrder(url, c, orderBody(postalCode, { startsAt }));
        await accept(p, orderId);
        const early = await visit(p, orderId, 'start').expect(409);
        expect(early.body).toMatchObject({ reason: 'VISIT_TOO_EARLY' });
        expect(early.body.message).toMatch(/60 minutes before its start/);
        const unstarted = await visit(p, orderId, 'complete').expect(409);
        expect(unstarted.body).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
        const [row] = await system.sql<{ status: string; started_at: Date | null }>(
          'SELECT status, started_at FROM orders.orders WHERE id = $1',
          [orderId],
        );
        expect(row).toEqual({ status: 'assigned', started_at: null });
        expect(await system.sql('SELECT id FROM orders.invoices WHERE order_id = $1', [orderId])).toEqual([]);
        const rate = await request(url)
          .post(`/api/v1/orders/${orderId}/rating`)
          .set(bearer(c.accessToken))
          .send({ rating: 5 })
          .expect(409);
        expect(rate.body).toMatchObject({ reason: 'NOT_COMPLETED' });
      }
      // Someone else's job, or no job: 404 before any timing is revealed.
      const stranger = { ...p, token: await system.tokenFor('provider', randomUUID()) };
      const soon = await placeOrder(url, c, orderBody(postalCode, { startsAt: inMinutes(45) }));
      await accept(p, soon);
      await visit(stranger, soon, 'start').expect(404);
      await visit(p, randomUUID(), 'start').expect(404);

      // Within the hour before the slot: started, completed, invoiced once, rating requested once.
      await visit(p, soon, 'start').expect(200);
      await visit(p, soon, 'complete').expect(200);
      await visit(p, soon, 'complete').expect(409);
      const invoices = await system.sql('SELECT id FROM orders.invoices WHERE order_id = $1', [soon]);
      expect(invoices).toHaveLength(1);
      await mailsTo(c.email, /^Siivous on tehty/);
      await settled(c.customerId);
      const rated = (await messagesOf(c.customerId)).filter((m) => m.template === 'visit-completed');
      expect(rated.map((m) => m.order_id)).toEqual([soon]);
    });
  });

  describe('order messages in the right order, once (16.4)', () => {
    it('never sends an order received after its cancellation, also when the placed event comes again late', async () => {
      const c = await register(url);
      const orderId = await placeOrder(url, c, orderBody('33400'));
      await request(url).post(`/api/v1/orders/${orderId}/cancel`).set(bearer(c.accessToken)).expect(200);
      await mailsTo(c.email, /^Tilauksesi on peruttu/);
      await settled(c.customerId);

      // The order.placed event delivered again late (a retry, another consumer): it is stale.
      const [placed] = await system.sql<{ seq: string }>(
        `SELECT event_seq::text AS seq FROM orders.orders WHERE id = $1`,
        [orderId],
      );
      expect(Number(placed.seq)).toBeGreaterThanOrEqual(2);
      const client = system.gateway!.get(BullMqClient);
      await client.publishEvent(
        'order.placed',
        {
          orderId,
          customerId: c.customerId,
          occurredAt: new Date().toISOString(),
          startsAt: inDays(10),
          seriesId: null,
          seq: 1,
        },
        randomUUID(),
      );
      // Something sent after it shows it was handled: a later, unrelated order's confirmation.
      const next = await placeOrder(url, c, orderBody('33400'));
      await waitFor(
        async () => (await messagesOf(c.customerId)).some((m) => m.order_id === next && m.status === 'sent'),
        { timeoutMs: 15_000, description: 'the next order to be confirmed' },
      );
      const about = (await messagesOf(c.customerId)).filter((m) => m.order_id === orderId);
      expect(about.filter((m) => m.template === 'order-received').length).toBeLessThanOrEqual(1);
      expect(about.filter((m) => m.template === 'order-cancelled')).toHaveLength(1);
      const subjects = mail
        .to(c.email)
        .map((m) => m.subject)
        .filter((s) => s.includes(orderId.slice(0, 8).toUpperCase()));
      const cancelledAt = subjects.findIndex((s) => s.startsWith('Tilauksesi on peruttu'));
      expect(cancelledAt).toBeGreaterThanOrEqual(0);
      expect(subjects.slice(cancelledAt + 1)).toEqual([]);
      // No reminder was scheduled again for the cancelled order.
      const reminders = await system.sql<{ status: string }>(
        'SELECT status FROM notifications.reminders WHERE order_id = $1',
        [orderId],
      );
      expect(reminders.every((r) => r.status === 'cancelled')).toBe(true);
    });

    it('lets the later state win when delivery is held up: the cancellation, never a received after it', async () => {
      const c = await register(url);
      // The mail relay is down: the confirmation waits for its retry.
      await mail.stop();
      try {
        const orderId = await placeOrder(url, c, orderBody('33400'));
        await waitFor(
          async () =>
            (await messagesOf(c.customerId)).some(
              (m) => m.template === 'order-received' && m.status === 'pending',
            ),
          { description: 'the confirmation to wait for a retry' },
        );
        await request(url).post(`/api/v1/orders/${orderId}/cancel`).set(bearer(c.accessToken)).expect(200);
        await waitFor(
          async () => (await messagesOf(c.customerId)).some((m) => m.template === 'order-cancelled'),
          { description: 'the cancellation to be recorded' },
        );
      } finally {
        await mail.listen();
      }
      await mailsTo(c.email, /^Tilauksesi on peruttu/);
      await settled(c.customerId);
      const subjects = mail.to(c.email).map((m) => m.subject);
      const cancelledAt = subjects.findIndex((s) => s.startsWith('Tilauksesi on peruttu'));
      expect(
        subjects.slice(cancelledAt + 1).filter((s) => s.startsWith('Tilauksesi on vastaanotettu')),
      ).toEqual([]);
      const received = (await messagesOf(c.customerId)).filter((m) => m.template === 'order-received');
      expect(received).toHaveLength(1);
      // Either it went before the cancellation, or it was dropped as superseded.
      expect(received[0].status === 'sent' || received[0].last_error === 'superseded').toBe(true);
    });

    it('confirms a new series once, with its rule, first visits and price per visit, not once per visit', async () => {
      const c = await register(url);
      const body = orderBody('33500');
      const res = await request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .send({ ...body, startsAt: undefined, rule: { kind: 'weekly' }, start: inDays(3).slice(0, 16) })
        .expect(201);
      const seriesId = res.body.id as string;
      const visits = await system.sql<{ id: string; total_cents: number }>(
        'SELECT id, total_cents FROM orders.orders WHERE series_id = $1 ORDER BY starts_at',
        [seriesId],
      );
      expect(visits.length).toBeGreaterThan(2);
      const [confirmation] = await mailsTo(c.email, /^Toistuva siivouksesi on vahvistettu/);
      expect(confirmation.text).toContain('joka viikko, 120 min kerrallaan');
      expect(confirmation.text).toMatch(/Ensimmäiset käynnit: .+klo.+; .+; .+; .+\./);
      const euros = `${Math.floor(visits[0].total_cents / 100)},${String(visits[0].total_cents % 100).padStart(2, '0')} €`;
      expect(confirmation.text).toContain(`Hinta käynniltä: ${euros}`);
      expect(confirmation.text).toContain(seriesId);
      // Every visit was handled by notifications (its reminder is scheduled), none confirmed alone.
      await waitFor(
        async () =>
          (
            await system.sql('SELECT order_id FROM notifications.reminders WHERE order_id = ANY($1)', [
              visits.map((v) => v.id),
            ])
          ).length === visits.length,
        { timeoutMs: 15_000, description: 'every visit to reach notifications' },
      );
      await settled(c.customerId);
      const templates = (await messagesOf(c.customerId)).map((m) => m.template);
      expect(templates.filter((t) => t === 'series-confirmed')).toHaveLength(1);
      expect(templates).not.toContain('order-received');
      expect(mail.to(c.email).filter((m) => m.subject.startsWith('Tilauksesi on vastaanotettu'))).toEqual([]);
    });
  });
});
