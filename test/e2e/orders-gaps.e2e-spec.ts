import { randomUUID } from 'node:crypto';
import type { ErasureReceipt } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, newCustomer, register, type Registered } from '../support/api.js';
import {
  helsinki,
  inDays,
  inHours,
  inMinutes,
  offerOrder,
  openOfferIds as openOffers,
  placeOrder,
} from '../support/booking.js';
import { TestSystem } from '../support/system.js';

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  startsAt: inDays(10),
  frequency: 'one_off',
  address: { street: 'Rauhankatu 3 C 12', postalCode: '33100', city: 'Tampere' },
  accessNotes: 'Ovikoodi 5511',
  pets: 'Kissa',
  extraInfo: 'Soita ensin',
  paymentMethod: 'invoice',
  ...overrides,
});

type InvoiceRow = {
  id: string;
  number: string;
  invoice_date: string;
  buyer_name: string;
  billing_address: unknown;
  lines: unknown[];
  vat_breakdown: unknown[];
  total_gross_cents: number;
  vat_total_cents: number;
  net_cents: number;
  work_cents: number;
  payment_method: string;
  customer_id: string | null;
  held: boolean;
};

// kotisiivous 2 h = 99.80 €; the late fee is 50 % = 49.90 €, VAT 25.5 % included: 10.14 €.
const FEE = 4990;
const FEE_VAT = 1014;

describe('Orders: late-cancellation fee invoices and provider release', () => {
  let system: TestSystem;
  let url: string;
  let operator: string;
  let bus: MessageBus;

  const place = (c: Registered, overrides: Record<string, unknown> = {}) =>
    placeOrder(url, c, orderBody(overrides));

  const cancel = (c: Registered, orderId: string) =>
    request(url).post(`/api/v1/orders/${orderId}/cancel`).set(bearer(c.accessToken)).send({});

  const invoicesOf = (orderId: string) =>
    system.sql<InvoiceRow>(
      `SELECT id, number, invoice_date::text AS invoice_date, buyer_name, billing_address, lines, vat_breakdown,
              total_gross_cents, vat_total_cents, net_cents, work_cents, payment_method, customer_id, held
         FROM orders.invoices WHERE order_id = $1`,
      [orderId],
    );

  const lastInvoiceNumber = async () =>
    Number(
      (await system.sql<{ last_number: string }>('SELECT last_number FROM orders.invoice_counter'))[0]
        .last_number,
    );

  /** A provider account in the customer register serving `postalCode`, and its token. */
  const provider = async (postalCode: string) => {
    const admin = await system.tokenFor('admin');
    const c = newCustomer();
    const res = await request(url)
      .post('/api/v1/admin/accounts')
      .set(bearer(admin))
      .send({
        role: 'provider',
        email: `provider.${c.email}`,
        password: 'provider passphrase 123',
        firstName: c.firstName,
        lastName: c.lastName,
        provider: { kind: 'person', postalCodes: [postalCode], serviceCodes: ['kotisiivous'] },
      })
      .expect(201);
    const id = res.body.id as string;
    return { id, token: await system.tokenFor('provider', id) };
  };

  const offerTo = (orderId: string, providerIds: string[]) => offerOrder(url, operator, orderId, providerIds);

  const openOfferIds = (token: string, orderId: string) => openOffers(url, token, orderId);

  const accept = async (token: string, orderId: string) => {
    const [offerId] = await waitFor(
      async () => {
        const ids = await openOfferIds(token, orderId);
        return ids.length ? ids : null;
      },
      { description: 'the offer reaches the provider' },
    );
    await request(url).post(`/api/v1/provider/offers/${offerId}/accept`).set(bearer(token)).expect(200);
  };

  const release = (token: string, orderId: string, body: object = {}) =>
    request(url).post(`/api/v1/provider/orders/${orderId}/release`).set(bearer(token)).send(body);

  /** An order offered by the operator to `providerId` and accepted by them. */
  const assignedOrder = async (c: Registered, p: { id: string; token: string }, startsAt = inDays(10)) => {
    const orderId = await place(c, { startsAt });
    await offerTo(orderId, [p.id]);
    await accept(p.token, orderId);
    return orderId;
  };

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['customers', 'orders'],
      env: { ORDERS_SCHEDULE_JOBS: 'false' },
    });
    url = system.url;
    operator = await system.tokenFor('operator');
    bus = system.gateway!.get(MessageBus);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('late-cancellation fee', () => {
    it('bills a late cancellation with one invoice (fee, VAT, no work share), shown on the order, never twice', async () => {
      const c = await register(url);
      const orderId = await place(c, { startsAt: inHours(5), paymentMethod: 'e_invoice' });
      const before = await lastInvoiceNumber();

      const res = await cancel(c, orderId).expect(200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'customer',
        cancellationFeeCents: FEE,
      });

      const invoices = await invoicesOf(orderId);
      expect(invoices).toHaveLength(1);
      const [inv] = invoices;
      expect(Number(inv.number)).toBe(before + 1);
      expect(inv).toMatchObject({
        invoice_date: helsinki().toISODate(),
        buyer_name: `${c.firstName} ${c.lastName}`,
        billing_address: { street: 'Rauhankatu 3 C 12', postalCode: '33100', city: 'Tampere' },
        total_gross_cents: FEE,
        vat_total_cents: FEE_VAT,
        net_cents: FEE - FEE_VAT,
        work_cents: 0,
        payment_method: 'e_invoice',
        customer_id: c.customerId,
        held: false,
      });
      expect(inv.lines).toEqual([
        {
          description: 'Myöhäisen peruutuksen maksu',
          quantity: 1,
          unitPriceCents: FEE,
          grossCents: FEE,
          vatRateBp: 2550,
          vatCents: FEE_VAT,
          workCents: 0,
        },
      ]);
      expect(inv.vat_breakdown).toEqual([
        { vatCode: 'general', rateBp: 2550, grossCents: FEE, vatCents: FEE_VAT, netCents: FEE - FEE_VAT },
      ]);

      // The customer sees the fee on the cancelled order.
      const view = await request(url).get(`/api/v1/orders/${orderId}`).set(bearer(c.accessToken)).expect(200);
      expect(view.body).toMatchObject({ status: 'cancelled', cancellationFeeCents: FEE });

      // Cancelling again, and a redelivered cancel message, bill nothing more and use no number.
      const again = await cancel(c, orderId).expect(409);
      expect(again.body.reason).toBe('ILLEGAL_TRANSITION');
      await expect(bus.send('orders.cancel', { customerId: c.customerId, orderId })).rejects.toThrow();
      expect(await invoicesOf(orderId)).toHaveLength(1);
      expect(await lastInvoiceNumber()).toBe(before + 1);
    });

    it('bills no invoice for a free cancellation, nor for the company’s own', async () => {
      const c = await register(url);
      const early = await place(c);
      const res = await cancel(c, early).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancellationFeeCents: 0 });
      expect(await invoicesOf(early)).toHaveLength(0);

      const late = await place(c, { startsAt: inHours(5) });
      const byCompany = await request(url)
        .post(`/api/v1/admin/orders/${late}/cancel`)
        .set(bearer(operator))
        .send({})
        .expect(200);
      expect(byCompany.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'company',
        cancellationFeeCents: 0,
      });
      expect(await invoicesOf(late)).toHaveLength(0);
    });

    it('bills a series visit skipped late like a one-off order', async () => {
      const c = await register(url);
      const start = helsinki().plus({ hours: 5 }).toFormat("yyyy-MM-dd'T'HH:mm");
      const series = await request(url)
        .post('/api/v1/order-series')
        .set(bearer(c.accessToken))
        .send({ ...orderBody(), startsAt: undefined, frequency: undefined, rule: { kind: 'weekly' }, start })
        .expect(201);
      const [first] = series.body.nextOrders as { orderId: string }[];
      await request(url)
        .post(`/api/v1/order-series/${series.body.id as string}/skip`)
        .set(bearer(c.accessToken))
        .send({ date: start.slice(0, 10) })
        .expect(200);
      const [inv] = await invoicesOf(first.orderId);
      // Weekly visits have the 15 % frequency discount: 84.83 €, half of it is 42.42 € (rounded half up).
      const fee = Math.round((9980 - 1497) / 2);
      expect(inv).toMatchObject({
        total_gross_cents: fee,
        work_cents: 0,
        buyer_name: `${c.firstName} ${c.lastName}`,
      });
      expect(await invoicesOf((series.body.nextOrders as { orderId: string }[])[1].orderId)).toHaveLength(0);
    });

    it('withholds the fee invoice on erasure, for the accountant only', async () => {
      const c = await register(url);
      const orderId = await place(c, { startsAt: inHours(6) });
      await cancel(c, orderId).expect(200);
      const [{ id: invoiceId }] = await invoicesOf(orderId);

      const receipt: ErasureReceipt = await bus.send('orders.erase-subject', {
        requestId: randomUUID(),
        subjectId: c.customerId,
      });
      const year = helsinki().year;
      expect(receipt.withheld).toEqual([
        { category: 'invoice', basis: 'Kirjanpitolaki 2:10 §', until: `${year + 6}-12-31`, count: 1 },
      ]);
      expect(receipt.erased).toMatchObject({ orders: 1 });
      const [held] = await system.sql<Record<string, unknown>>(
        'SELECT * FROM orders.invoices WHERE id = $1',
        [invoiceId],
      );
      expect(held).toMatchObject({
        held: true,
        held_basis: 'Kirjanpitolaki 2:10 §',
        customer_id: null,
        order_id: null,
        total_gross_cents: FEE,
      });
      expect(JSON.stringify(held)).not.toMatch(/Ovikoodi|Kissa|Soita/);

      const accountant = await system.tokenFor('accountant');
      const list = await request(url)
        .get('/api/v1/admin/invoices/held?pageSize=100')
        .set(bearer(accountant))
        .expect(200);
      expect((list.body.items as { id: string }[]).find((i) => i.id === invoiceId)).toMatchObject({
        buyerName: `${c.firstName} ${c.lastName}`,
        totalGrossCents: FEE,
        vatTotalCents: FEE_VAT,
        lines: [expect.objectContaining({ description: 'Myöhäisen peruutuksen maksu' })],
      });
      await request(url).get('/api/v1/admin/invoices/held').set(bearer(operator)).expect(403);
      await request(url).get('/api/v1/admin/invoices/held').set(bearer(c.accessToken)).expect(403);
    });
  });

  describe('provider release', () => {
    it('offers a released job to the other eligible providers, not to the one who released it, who loses access', async () => {
      const postalCode = '96100';
      const [a, b] = [await provider(postalCode), await provider(postalCode)];
      const c = await register(url);
      const orderId = await place(c, {
        address: { street: 'Rauhankatu 3 C 12', postalCode, city: 'Rovaniemi' },
      });
      // order.placed offers it to both eligible providers; A takes it.
      await accept(a.token, orderId);
      const seen = await request(url)
        .get(`/api/v1/provider/orders/${orderId}`)
        .set(bearer(a.token))
        .expect(200);
      expect(seen.body).toMatchObject({ status: 'assigned', accessNotes: 'Ovikoodi 5511', pets: 'Kissa' });

      const released = await release(a.token, orderId, { reason: 'Sairastuin' }).expect(200);
      expect(released.body).toMatchObject({
        id: orderId,
        status: 'requested',
        address: null,
        accessNotes: null,
        pets: null,
      });
      // Access ends at once, before the order is offered again.
      const gone = await request(url)
        .get(`/api/v1/provider/orders/${orderId}`)
        .set(bearer(a.token))
        .expect(404);
      expect(JSON.stringify(gone.body)).not.toMatch(/Rauhankatu|5511|Kissa/);
      const aOrders = await request(url).get('/api/v1/provider/orders').set(bearer(a.token)).expect(200);
      expect((aOrders.body as { id: string }[]).some((o) => o.id === orderId)).toBe(false);

      // order.released offers it again, to B only.
      const round2 = await waitFor(
        async () => {
          const rows = await system.sql<{ provider_id: string; status: string }>(
            'SELECT provider_id, status FROM orders.order_offers WHERE order_id = $1 AND round = 2',
            [orderId],
          );
          return rows.length ? rows : null;
        },
        { description: 'the released order is offered again' },
      );
      expect(round2).toEqual([{ provider_id: b.id, status: 'open' }]);
      expect(await openOfferIds(a.token, orderId)).toEqual([]);
      await request(url).get(`/api/v1/provider/orders/${orderId}`).set(bearer(a.token)).expect(404);
      const [released1] = await system.sql<{ status: string; release_reason: string }>(
        'SELECT status, release_reason FROM orders.order_offers WHERE order_id = $1 AND provider_id = $2 AND round = 1',
        [orderId, a.id],
      );
      expect(released1).toEqual({ status: 'released', release_reason: 'Sairastuin' });
      const customerView = await request(url)
        .get(`/api/v1/orders/${orderId}`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(customerView.body).toMatchObject({ status: 'offered', providerId: null });

      // B can take it and sees the details.
      await accept(b.token, orderId);
      const bView = await request(url)
        .get(`/api/v1/provider/orders/${orderId}`)
        .set(bearer(b.token))
        .expect(200);
      expect(bView.body).toMatchObject({ status: 'assigned', address: { street: 'Rauhankatu 3 C 12' } });
    });

    it('refuses another provider (404), a customer (403), a bad id or reason (400), too late or not assigned (409)', async () => {
      const c = await register(url);
      const [a, b] = [
        { id: randomUUID(), token: '' },
        { id: randomUUID(), token: '' },
      ];
      a.token = await system.tokenFor('provider', a.id);
      b.token = await system.tokenFor('provider', b.id);
      const orderId = await assignedOrder(c, a);

      await release(b.token, orderId).expect(404);
      await release(b.token, randomUUID()).expect(404);
      await release(c.accessToken, orderId).expect(403);
      await release(operator, orderId).expect(403);
      await request(url).post(`/api/v1/provider/orders/${orderId}/release`).send({}).expect(401);
      await release(a.token, 'not-a-uuid').expect(400);
      await release(a.token, orderId, { reason: 'x'.repeat(501) }).expect(400);
      await release(a.token, orderId, { reason: '' }).expect(400);
      await release(a.token, orderId, { reason: 42 }).expect(400);
      // Still A's after the refusals.
      await request(url).get(`/api/v1/provider/orders/${orderId}`).set(bearer(a.token)).expect(200);

      const soon = await assignedOrder(c, a, inHours(5));
      const late = await release(a.token, soon).expect(409);
      expect(late.body.reason).toBe('RELEASE_TOO_LATE');
      expect(late.body.message).toMatch(/24 hours before the visit/);
      const stillMine = await request(url)
        .get(`/api/v1/provider/orders/${soon}`)
        .set(bearer(a.token))
        .expect(200);
      expect(stillMine.body).toMatchObject({ status: 'assigned', accessNotes: 'Ovikoodi 5511' });

      // A visit can be started from an hour before its slot.
      const now = await assignedOrder(c, a, inMinutes(30));
      await request(url).post(`/api/v1/provider/orders/${now}/start`).set(bearer(a.token)).expect(200);
      const started = await release(a.token, now).expect(409);
      expect(started.body.reason).toBe('ILLEGAL_TRANSITION');

      // Without a reason is fine; a second release finds nothing of theirs.
      const other = await assignedOrder(c, a);
      await release(a.token, other).expect(200);
      await release(a.token, other).expect(404);
    });
  });
});
