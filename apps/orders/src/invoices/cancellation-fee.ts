/**
 * The amounts of a late-cancellation fee invoice. The fee is consideration for a service, so
 * like every other price it includes VAT at the general rate, here the rate in force on the
 * cancellation date (Europe/Helsinki) from the pricing engine's VAT table. It is not work done,
 * so no part of it counts towards the household deduction.
 */
import type { InvoiceLineView } from '@offera/contracts';
import { assertCents, MoneyError, vatFromGross } from '../pricing/money.js';
import type { VatBreakdown } from '../pricing/pricing-engine.js';
import { FI_VAT_RATES, type VatRateTable, vatRatesOn } from '../pricing/pricing-parameters.js';

/** The line's name; the invoice line carries the Finnish one, as catalogue lines do. */
export const LATE_CANCELLATION_FEE_NAME = {
  fi: 'Myöhäisen peruutuksen maksu',
  en: 'Late cancellation fee',
} as const;

export interface FeeInvoiceAmounts {
  readonly lines: InvoiceLineView[];
  readonly vatBreakdown: VatBreakdown[];
  readonly totalGrossCents: number;
  readonly vatTotalCents: number;
  readonly netCents: number;
  readonly workCents: number;
}

/** One line for the fee (VAT included); `cancellationDate` is the local 'YYYY-MM-DD' date. */
export function lateCancellationFeeAmounts(
  feeCents: number,
  cancellationDate: string,
  vat: VatRateTable = FI_VAT_RATES,
): FeeInvoiceAmounts {
  assertCents(feeCents, 'cancellation fee');
  if (feeCents === 0) throw new MoneyError('a cancellation fee invoice needs a fee above zero');
  const rateBp = vatRatesOn(vat, cancellationDate).rates.general;
  const vatCents = vatFromGross(feeCents, rateBp);
  const netCents = feeCents - vatCents;
  return {
    lines: [
      {
        description: LATE_CANCELLATION_FEE_NAME.fi,
        quantity: 1,
        unitPriceCents: feeCents,
        grossCents: feeCents,
        vatRateBp: rateBp,
        vatCents,
        workCents: 0,
      },
    ],
    vatBreakdown: [{ vatCode: 'general', rateBp, grossCents: feeCents, vatCents, netCents }],
    totalGrossCents: feeCents,
    vatTotalCents: vatCents,
    netCents,
    workCents: 0,
  };
}
