/**
 * Versioned parameter tables the pricing engine reads. Each table carries a `version` that a
 * quote records, so an order's price snapshot says which rules produced it. Change a table by
 * adding a new version; never edit a published one in place.
 */

export type VatCode = 'general' | 'zero';

/** Frequencies the price list knows. `monthly` covers the calendar-month series rules. */
export type PricingFrequency = 'one_off' | 'monthly' | 'every_4_weeks' | 'every_2_weeks' | 'weekly';
export const PRICING_FREQUENCIES: readonly PricingFrequency[] = [
  'one_off',
  'monthly',
  'every_4_weeks',
  'every_2_weeks',
  'weekly',
];

export interface VatRatePeriod {
  /** First local (Europe/Helsinki) date, inclusive, on which these rates apply. */
  readonly validFrom: string;
  /** Rates in basis points (2550 = 25.5 %). */
  readonly rates: Readonly<Record<VatCode, number>>;
}

export interface VatRateTable {
  readonly version: string;
  /** Sorted by `validFrom` ascending. */
  readonly periods: readonly VatRatePeriod[];
}

/** Finnish VAT: the general rate rose from 24 % to 25.5 % on 1 September 2024. */
export const FI_VAT_RATES: VatRateTable = {
  version: 'fi-vat-2024-09-01',
  periods: [
    { validFrom: '2013-01-01', rates: { general: 2400, zero: 0 } },
    { validFrom: '2024-09-01', rates: { general: 2550, zero: 0 } },
  ],
};

export interface FrequencyDiscountTable {
  readonly version: string;
  /** Discount in basis points of the subtotal. */
  readonly rates: Readonly<Record<PricingFrequency, number>>;
}

export const DEFAULT_FREQUENCY_DISCOUNTS: FrequencyDiscountTable = {
  version: 'frequency-discounts-v1',
  rates: { one_off: 0, monthly: 500, every_4_weeks: 500, every_2_weeks: 1000, weekly: 1500 },
};

export interface HouseholdDeductionYear {
  readonly year: number;
  /** Share of the work cost that is deductible, in basis points. */
  readonly rateBp: number;
  /** Yearly deductible (omavastuu) per person, subtracted from the computed deduction. */
  readonly deductibleCents: number;
  /** Yearly maximum deduction per person. */
  readonly maxCents: number;
}

export interface HouseholdDeductionTable {
  readonly version: string;
  /** Sorted by year ascending. */
  readonly years: readonly HouseholdDeductionYear[];
}

/**
 * Kotitalousvähennys for work bought from a company (VAT included in the work cost).
 * Years outside the table use the nearest year in it; the quote reports the year used.
 */
export const FI_HOUSEHOLD_DEDUCTION: HouseholdDeductionTable = {
  version: 'fi-kotitalousvahennys-2026',
  years: [
    { year: 2024, rateBp: 4000, deductibleCents: 10_000, maxCents: 225_000 },
    { year: 2025, rateBp: 3500, deductibleCents: 15_000, maxCents: 160_000 },
    { year: 2026, rateBp: 3500, deductibleCents: 15_000, maxCents: 160_000 },
  ],
};

export interface PricingParameters {
  readonly vat: VatRateTable;
  readonly frequencyDiscounts: FrequencyDiscountTable;
  readonly householdDeduction: HouseholdDeductionTable;
}

export const DEFAULT_PRICING_PARAMETERS: PricingParameters = {
  vat: FI_VAT_RATES,
  frequencyDiscounts: DEFAULT_FREQUENCY_DISCOUNTS,
  householdDeduction: FI_HOUSEHOLD_DEDUCTION,
};

export class PricingParameterError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PricingParameterError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** VAT rates in force on a local Helsinki date ('YYYY-MM-DD'). */
export function vatRatesOn(table: VatRateTable, localDate: string): VatRatePeriod {
  if (!ISO_DATE.test(localDate)) throw new PricingParameterError('date must be YYYY-MM-DD');
  let found: VatRatePeriod | undefined;
  // ISO dates compare correctly as strings.
  for (const period of table.periods) if (period.validFrom <= localDate) found = period;
  if (!found) throw new PricingParameterError(`no VAT rates known for ${localDate}`);
  return found;
}

export function householdDeductionFor(table: HouseholdDeductionTable, year: number): HouseholdDeductionYear {
  if (table.years.length === 0) throw new PricingParameterError('household deduction table is empty');
  let chosen = table.years[0];
  for (const entry of table.years) if (entry.year <= year) chosen = entry;
  return chosen;
}
