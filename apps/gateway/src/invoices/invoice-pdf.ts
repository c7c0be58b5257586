import type { CustomerInvoiceView, DeductionSummaryView, PaymentMethod } from '@offera/contracts';
import { euros, finnishDate, PdfWriter, percent } from './pdf-writer.js';

/** The seller as the invoice names it: the company, from configuration. */
export interface Seller {
  readonly name: string;
  readonly businessId: string;
  readonly address: string;
  readonly email: string;
}

const PAYMENT_METHODS: Readonly<Record<PaymentMethod, string>> = {
  invoice: 'Lasku / Invoice',
  card: 'Kortti / Card',
  e_invoice: 'Verkkolasku / E-invoice',
};

/**
 * An invoice as a PDF with what a Finnish invoice must carry (Arvonlisäverolaki 209 e §): the
 * seller's name, address and business ID, the invoice number and date, the buyer, the lines,
 * VAT by rate, the totals; and what paying it needs (due date, reference), and the work share
 * that qualifies for the household deduction. Bilingual labels, Finnish first.
 */
export async function invoicePdf(invoice: CustomerInvoiceView, seller: Seller): Promise<Uint8Array> {
  const pdf = await PdfWriter.create(`Lasku ${invoice.number}`, seller.name);
  pdf.heading(`LASKU / INVOICE ${invoice.number}`);
  pdf.line(seller.name, { bold: true });
  pdf.line(seller.address);
  pdf.line(`Y-tunnus / Business ID: ${seller.businessId}`);
  pdf.line(seller.email);
  pdf.gap();
  pdf.line('Ostaja / Buyer', { bold: true });
  pdf.line(invoice.buyerName);
  const a = invoice.billingAddress;
  pdf.line(a.street);
  pdf.line(`${a.postalCode} ${a.city}`);
  pdf.gap();
  pdf.pairs([
    ['Laskun numero / Invoice number', String(invoice.number)],
    ['Laskun päivä / Invoice date', finnishDate(invoice.invoiceDate)],
    ['Eräpäivä / Due date', finnishDate(invoice.dueDate)],
    ['Viitenumero / Reference', invoice.paymentReference],
    ['Maksutapa / Payment method', PAYMENT_METHODS[invoice.paymentMethod]],
  ]);
  pdf.gap();
  pdf.table(
    [
      { header: 'Kuvaus / Description', width: 195 },
      { header: 'Määrä / Qty', width: 55, align: 'right' },
      { header: 'À-hinta / Unit', width: 75, align: 'right' },
      { header: 'ALV / VAT', width: 50, align: 'right' },
      { header: 'Yhteensä / Total', width: 120, align: 'right' },
    ],
    invoice.lines.map((l) => [
      l.description,
      String(l.quantity),
      euros(l.unitPriceCents),
      percent(l.vatRateBp),
      euros(l.grossCents),
    ]),
  );
  pdf.gap();
  pdf.table(
    [
      { header: 'ALV-kanta / VAT rate', width: 120 },
      { header: 'Veroton / Net', width: 125, align: 'right' },
      { header: 'Vero / VAT', width: 125, align: 'right' },
      { header: 'Verollinen / Gross', width: 125, align: 'right' },
    ],
    invoice.vatBreakdown.map((v) => [
      percent(v.rateBp),
      euros(v.netCents),
      euros(v.vatCents),
      euros(v.grossCents),
    ]),
  );
  pdf.gap();
  pdf.pairs([
    ['Veroton yhteensä / Net total', euros(invoice.netCents)],
    ['ALV yhteensä / VAT total', euros(invoice.vatTotalCents)],
    ['Maksettava / Amount due', euros(invoice.totalGrossCents)],
    ['Kotitalousvähennykseen oikeuttava työn osuus / Work share for the household deduction', ''],
    ['', euros(invoice.workCents)],
  ]);
  return pdf.save();
}

/** The yearly household-deduction summary as a PDF, for the customer's tax return. */
export async function deductionSummaryPdf(
  summary: DeductionSummaryView,
  seller: Seller,
  customerName: string,
): Promise<Uint8Array> {
  const pdf = await PdfWriter.create(`Kotitalousvähennys ${summary.year}`, seller.name);
  pdf.heading(`Kotitalousvähennys / Household deduction ${summary.year}`);
  pdf.line(`${seller.name}, Y-tunnus / Business ID ${seller.businessId}`);
  pdf.line(seller.address);
  pdf.gap();
  pdf.line(`Asiakas / Customer: ${customerName}`);
  pdf.gap();
  pdf.table(
    [
      { header: 'Lasku / Invoice', width: 95 },
      { header: 'Päivä / Date', width: 100 },
      { header: 'Yhteensä / Total', width: 150, align: 'right' },
      { header: 'Työn osuus / Work share', width: 150, align: 'right' },
    ],
    summary.items.map((i) => [
      String(i.invoiceNumber),
      finnishDate(i.invoiceDate),
      euros(i.totalGrossCents),
      euros(i.workCents),
    ]),
  );
  pdf.gap();
  pdf.pairs([
    ['Maksettu yhteensä / Paid in total', euros(summary.totalGrossCents)],
    ['Työn osuus yhteensä / Work share in total', euros(summary.totalWorkCents)],
    [
      `Arvio, yksi henkilö / Estimate, one person (${percent(summary.estimate.rateBp)})`,
      euros(summary.estimate.estimatedCents),
    ],
  ]);
  pdf.gap();
  pdf.line(
    'Työn osuus sisältää arvonlisäveron. Vähennys haetaan OmaVerossa; arvio ei ole verottajan päätös.',
    {
      size: 8,
    },
  );
  pdf.line('The work share includes VAT. Claim the deduction in MyTax; the estimate is not a tax decision.', {
    size: 8,
  });
  return pdf.save();
}
