import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import { TestSystem } from '../support/system.js';

/** Every text item of every page of a PDF, joined, as a reader would see it. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false });
  const doc = await task.promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await task.destroy();
  return parts.join('\n');
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('Invoices for customers, as JSON and PDF, and the yearly household-deduction summary', () => {
  let system: TestSystem;
  let url: string;
  let maija: Registered;
  let other: Registered;
  let invoiceId: string;
  const number = 900_000 + Math.floor(Math.random() * 90_000);
  const year = new Date().getFullYear();

  /** An invoice as the completing visit writes it: 180 min of cleaning at 25.5 % VAT. */
  const insertInvoice = (customerId: string, n: number, date: string, held = false) =>
    system.sql<{ id: string }>(
      `INSERT INTO orders.invoices (number, invoice_date, order_id, customer_id, buyer_name, billing_address,
              lines, vat_breakdown, total_gross_cents, vat_total_cents, net_cents, work_cents, payment_method, held)
       VALUES ($1, $2, $3, $4, 'Maija Meikäläinen', $5, $6, $7, 15690, 3188, 12502, 15690, 'invoice', $8)
       RETURNING id`,
      [
        n,
        date,
        randomUUID(),
        customerId,
        JSON.stringify({ street: 'Laskukatu 3 B 12', postalCode: '00100', city: 'Helsinki', country: 'FI' }),
        JSON.stringify([
          {
            description: 'Kotisiivous',
            quantity: 1,
            unitPriceCents: 15690,
            grossCents: 15690,
            vatRateBp: 2550,
            vatCents: 3188,
            workCents: 15690,
          },
        ]),
        JSON.stringify([
          { vatCode: 'general', rateBp: 2550, grossCents: 15690, vatCents: 3188, netCents: 12502 },
        ]),
        held,
      ],
    );

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['customers', 'orders'],
      env: { ORDERS_SCHEDULE_JOBS: 'false' },
    });
    url = system.url;
    maija = await register(url);
    other = await register(url);
    [{ id: invoiceId }] = await insertInvoice(maija.customerId, number, `${year}-03-02`);
    await insertInvoice(maija.customerId, number + 1, `${year}-05-04`);
    await insertInvoice(maija.customerId, number + 2, `${year - 1}-12-30`);
    // A held invoice belongs to the accountant, not to anyone's list.
    await insertInvoice(maija.customerId, number + 3, `${year}-06-01`, true);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lists the customer’s own invoices, newest first, with due date and reference', async () => {
    const res = await request(url).get('/api/v1/invoices').set(bearer(maija.accessToken)).expect(200);
    expect(res.body.total).toBe(3);
    expect((res.body as { items: { number: number }[] }).items.map((i) => i.number)).toEqual([
      number + 2,
      number + 1,
      number,
    ]);
    const one = await request(url)
      .get(`/api/v1/invoices/${invoiceId}`)
      .set(bearer(maija.accessToken))
      .expect(200);
    expect(one.body).toMatchObject({
      number,
      invoiceDate: `${year}-03-02`,
      dueDate: `${year}-03-16`,
      totalGrossCents: 15690,
      workCents: 15690,
      vatBreakdown: [{ rateBp: 2550, netCents: 12502, vatCents: 3188, grossCents: 15690 }],
    });
    expect(one.body.paymentReference).toMatch(/^\d{1,5}( \d{5})*$/);
  });

  it('renders the invoice as a PDF that carries what a Finnish invoice must', async () => {
    const started = Date.now();
    const res = await request(url)
      .get(`/api/v1/invoices/${invoiceId}/pdf`)
      .set(bearer(maija.accessToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const ms = Date.now() - started;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="offera-lasku-${number}.pdf"`);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(body);
    const json = (await request(url).get(`/api/v1/invoices/${invoiceId}`).set(bearer(maija.accessToken)))
      .body;
    for (const expected of [
      'Offera Oy',
      'Vuorenpeikontie 5 A 1134',
      'Y-tunnus / Business ID: 3230846-4',
      `LASKU / INVOICE ${number}`,
      `2.3.${year}`,
      `16.3.${year}`,
      json.paymentReference,
      'Maija Meikäläinen',
      'Laskukatu 3 B 12',
      '00100 Helsinki',
      'Kotisiivous',
      '25,5 %',
      '125,02 €',
      '31,88 €',
      '156,90 €',
      'Kotitalousvähennykseen oikeuttava työn osuus / Work share for the household deduction',
    ])
      expect(text).toContain(expected);
    process.stderr.write(`invoice PDF: ${body.length} bytes, ${ms} ms through the gateway\n`);
  });

  it('sums the work share of a tax year, as JSON and PDF', async () => {
    const res = await request(url)
      .get(`/api/v1/household-deduction/${year}`)
      .set(bearer(maija.accessToken))
      .expect(200);
    expect(res.body).toMatchObject({ year, totalGrossCents: 31380, totalWorkCents: 31380 });
    expect((res.body as { items: { invoiceNumber: number }[] }).items.map((i) => i.invoiceNumber)).toEqual([
      number,
      number + 1,
    ]);
    // 35 % of 313,80 € less the 150 € deductible, for one person (parameters of the year).
    expect(res.body.estimate.estimatedCents).toBe(
      Math.max(0, Math.round((31380 * res.body.estimate.rateBp) / 10000) - res.body.estimate.deductibleCents),
    );
    const pdf = await request(url)
      .get(`/api/v1/household-deduction/${year}/pdf`)
      .set(bearer(maija.accessToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain(`Kotitalousvähennys / Household deduction ${year}`);
    expect(text).toContain('313,80 €');
    expect(text).toContain(String(number + 1));
    expect(text).not.toContain(String(number + 2));
  });

  it('is 404 for someone else’s invoice and 400 for a bad id or year; only customers may ask', async () => {
    await request(url).get(`/api/v1/invoices/${invoiceId}`).set(bearer(other.accessToken)).expect(404);
    await request(url).get(`/api/v1/invoices/${invoiceId}/pdf`).set(bearer(other.accessToken)).expect(404);
    await request(url).get(`/api/v1/invoices/${randomUUID()}/pdf`).set(bearer(maija.accessToken)).expect(404);
    await request(url).get('/api/v1/invoices/not-an-id').set(bearer(maija.accessToken)).expect(400);
    await request(url).get('/api/v1/household-deduction/1999').set(bearer(maija.accessToken)).expect(400);
    await request(url)
      .get(`/api/v1/household-deduction/${year + 1}`)
      .set(bearer(maija.accessToken))
      .expect(400);
    await request(url).get('/api/v1/household-deduction/abc').set(bearer(maija.accessToken)).expect(400);
    const empty = await request(url).get('/api/v1/invoices').set(bearer(other.accessToken)).expect(200);
    expect(empty.body.total).toBe(0);
    await request(url).get(`/api/v1/invoices/${invoiceId}`).expect(401);
    const provider = await system.tokenFor('provider');
    await request(url).get('/api/v1/invoices').set(bearer(provider)).expect(403);
  });
});
