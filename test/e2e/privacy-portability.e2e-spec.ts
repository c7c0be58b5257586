import { randomUUID } from 'node:crypto';
import type { PrivacyRequestView, SubjectExportDocument } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { strFromU8, unzipSync } from 'fflate';
import type { Response } from 'superagent';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import { inMinutes, offerOrder, openOfferIds, placeOrder } from '../support/booking.js';
import { MailSink } from '../support/mail-sink.js';
import { TestSystem } from '../support/system.js';

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const IDENTITY_CODE = `071178-417${CHECK[Number('071178417') % 31]}`;

/** Reads a binary response body whole (supertest parses only text types by itself). */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (e: Error) => done(e, Buffer.alloc(0)));
};

describe('Privacy: portability (Art. 20) is not access (Art. 15)', () => {
  let system: TestSystem;
  let mail: MailSink;
  let url: string;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: { SMTP_URL: mail.url, EXCESSIVE_REQUESTS_COUNT: '100', DELIVERY_BACKOFF_MS: '100' },
    });
    url = system.url;
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  const completed = (c: Registered, id: string) =>
    waitFor(
      async () => {
        const r = await request(url).get(`/api/v1/privacy/requests/${id}`).set(bearer(c.accessToken));
        return (r.body as PrivacyRequestView).status === 'completed' ? (r.body as PrivacyRequestView) : null;
      },
      { timeoutMs: 15_000, description: `request ${id} to complete` },
    );
  const requestExport = async (c: Registered, type: 'access' | 'portability') => {
    const created = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type })
      .expect(202);
    const done = await completed(c, (created.body as { id: string }).id);
    return request(url)
      .get(`/api/v1/privacy/requests/${done.id}/export`)
      .set(bearer(c.accessToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
  };

  /** A customer with a profile, an address, an identity code, consents and a rated, commented visit. */
  async function busyCustomer() {
    const c = await register(url);
    await request(url)
      .patch('/api/v1/me')
      .set(bearer(c.accessToken))
      .send({ phone: '0451234567' })
      .expect(200);
    await request(url)
      .post('/api/v1/me/addresses')
      .set(bearer(c.accessToken))
      .send({
        street: 'Siirtokatu 3 A 1',
        postalCode: '00560',
        city: 'Helsinki',
        latitude: 60.2,
        longitude: 24.9,
      })
      .expect(201);
    await request(url)
      .put('/api/v1/me/identity-code')
      .set(bearer(c.accessToken))
      .send({ identityCode: IDENTITY_CODE, purpose: 'household_deduction' })
      .expect(200);
    await request(url)
      .put('/api/v1/privacy/consents')
      .set(bearer(c.accessToken))
      .send({ marketing: true })
      .expect(200);
    const providerId = randomUUID();
    const provider = await system.tokenFor('provider', providerId);
    const orderId = await placeOrder(url, c, {
      serviceCode: 'kotisiivous',
      durationMinutes: 120,
      // Soon enough that the provider may start it (see VISIT_START_MARGIN_MINUTES).
      startsAt: inMinutes(30),
      frequency: 'one_off',
      address: { street: 'Siirtokatu 3 A 1', postalCode: '00560', city: 'Helsinki' },
      accessNotes: 'Ovikoodi 4321',
      pets: 'Kissa',
      extraInfo: 'Siivoa myös parveke',
      paymentMethod: 'invoice',
    });
    await offerOrder(url, await system.tokenFor('operator'), orderId, [providerId]);
    const [offerId] = await openOfferIds(url, provider, orderId);
    await request(url).post(`/api/v1/provider/offers/${offerId}/accept`).set(bearer(provider)).expect(200);
    await request(url).post(`/api/v1/provider/orders/${orderId}/start`).set(bearer(provider)).expect(200);
    await request(url)
      .post(`/api/v1/provider/orders/${orderId}/comments`)
      .set(bearer(provider))
      .send({ body: 'Avain jätetty postilaatikkoon' })
      .expect(201);
    await request(url).post(`/api/v1/provider/orders/${orderId}/complete`).set(bearer(provider)).expect(200);
    await request(url)
      .post(`/api/v1/orders/${orderId}/rating`)
      .set(bearer(c.accessToken))
      .send({ rating: 5, comment: 'Loistava työ' })
      .expect(201);
    // Something has been sent (and attempted) to them by now.
    await waitFor(() => mail.to(c.email).length >= 1, { description: 'a message to the customer' });
    return { ...c, orderId, providerId };
  }

  it('exports only what the subject provided, as JSON and one CSV per dataset in a zip', async () => {
    const c = await busyCustomer();

    // The access copy holds everything, including what others added about the subject.
    const access = await requestExport(c, 'access');
    expect(access.headers['content-type']).toMatch(/application\/json/);
    const full = JSON.parse((access.body as Buffer).toString('utf8')) as SubjectExportDocument;
    const fullText = JSON.stringify(full.services);
    for (const present of [c.providerId, 'Avain jätetty postilaatikkoon', 'deliveryAttempts', 'sessions'])
      expect(fullText).toContain(present);

    const res = await requestExport(c, 'portability');
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="offera-data-.+\.zip"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    const text = (name: string) => strFromU8(files[name]);
    expect(Object.keys(files).sort()).toEqual([
      'customers/account.csv',
      'customers/addresses.csv',
      'customers/customer.csv',
      'customers/identity_code.csv',
      'export.json',
      'orders/order_series.csv',
      'orders/orders.csv',
      'orders/ratings.csv',
      'privacy/consents.csv',
      'privacy/cookie_consents.csv',
    ]);
    const doc = JSON.parse(text('export.json')) as SubjectExportDocument;
    expect(doc).toMatchObject({ type: 'portability' });
    expect(doc.services.notifications).toEqual({});
    const header = (name: string) => text(name).split('\r\n')[0];
    expect(header('customers/account.csv')).toBe('email');
    expect(header('customers/customer.csv')).toBe('firstName,lastName,phone,language');
    expect(header('customers/addresses.csv')).toBe('street,postalCode,city,country');
    expect(header('customers/identity_code.csv')).toBe('identityCode,purpose');
    expect(header('orders/orders.csv')).toBe(
      'id,service_code,add_ons,floor_area_m2,starts_at,duration_minutes,frequency,address,extra_info,access_notes,pets,discount_code,payment_method,created_at',
    );
    expect(header('orders/ratings.csv')).toBe('order_id,rating,comment,created_at');
    expect(header('privacy/consents.csv')).toBe('purpose,granted,recordedAt');
    // The subject's own data, one row per record.
    expect(text('customers/account.csv')).toBe(`email\r\n${c.email}\r\n`);
    expect(text('customers/customer.csv')).toContain(`${c.firstName},${c.lastName},`);
    expect(text('customers/identity_code.csv')).toContain(IDENTITY_CODE);
    expect(text('orders/orders.csv')).toContain('Siivoa myös parveke');
    expect(text('orders/orders.csv').split('\r\n')[1]).toMatch(new RegExp(`^${c.orderId},kotisiivous,`));
    expect(text('orders/ratings.csv')).toContain(`${c.orderId},5,Loistava työ,`);
    expect(text('privacy/consents.csv')).toMatch(/^purpose,granted,recordedAt\r\nmarketing,true,/);

    // Nothing others added or the service keeps for itself: provider ids and comments, delivery
    // attempts, messages, sessions, IPs, coordinates, staff audit, request records, invoices.
    const all = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n');
    const services = JSON.stringify(doc.services);
    for (const absent of [c.providerId, 'Avain jätetty postilaatikkoon', '127.0.0.1', '60.2', '24.9'])
      expect(all).not.toContain(absent);
    for (const key of [
      'provider_id',
      'providerId',
      'provider_comments',
      'deliveryAttempts',
      'messages',
      'sessions',
      'ip_addresses',
      'placed_ip',
      'latitude',
      'identity_code_reveals',
      'rectification_history',
      'privacy_requests',
      'disclosures',
      'invoices',
      'actor',
      'customerNumber',
      'total_cents',
    ])
      expect(services).not.toContain(`"${key}"`);
  });

  it('nobody but the subject can download the zip', async () => {
    const c = await register(url);
    const created = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'portability' })
      .expect(202);
    const done = await completed(c, (created.body as { id: string }).id);
    const other = await register(url);
    await request(url)
      .get(`/api/v1/privacy/requests/${done.id}/export`)
      .set(bearer(other.accessToken))
      .expect(404);
    await request(url).get(`/api/v1/privacy/requests/${done.id}/export`).expect(401);
  });
});
