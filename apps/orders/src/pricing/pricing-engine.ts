/**
 * The pricing engine: a pure, deterministic function from an order's inputs to a full price
 * breakdown that the order stores as its price snapshot.
 *
 * Conventions
 * - Money is integer euro cents. Catalogue prices are VAT-inclusive consumer prices.
 * - Each line's gross is rounded half up to the cent (hourly: cents/h × minutes / 60).
 * - Discounts: the frequency discount is a percentage of the subtotal (rounded half up); a code
 *   then applies to what remains (percent rounded half up, fixed amounts capped so the total
 *   never goes negative). The combined discount is spread over the lines in proportion to
 *   their gross (largest remainder, exact to the cent) so VAT and work share follow what the
 *   customer actually pays.
 * - VAT is computed per line from that line's discounted gross, gross × r / (1 + r), rounded
 *   half up per line; the per-rate and overall VAT totals are sums of the line VATs. The rate
 *   is the one in force on the visit's local date in Europe/Helsinki.
 * - Work (for the household deduction) is per line: discounted gross × work share, rounded
 *   half up; it includes VAT, as the deduction does.
 */
import { DateTime } from 'luxon';

import {
  evaluateDiscountCode,
  type DiscountCode,
  type DiscountCodeRejection,
  type OrderType,
} from './discount-code.js';
import { estimateHouseholdDeduction, type HouseholdDeductionEstimate } from './household-deduction.js';
import {
  allocateProRata,
  assertCents,
  fractionToPpm,
  mulDivRoundHalfUp,
  percentOf,
  PPM_SCALE,
  sumCents,
  vatFromGross,
} from './money.js';
import {
  DEFAULT_PRICING_PARAMETERS,
  PRICING_FREQUENCIES,
  vatRatesOn,
  type PricingFrequency,
  type PricingParameters,
  type VatCode,
} from './pricing-parameters.js';

export const PRICING_TIME_ZONE = 'Europe/Helsinki';

export interface AreaBand {
  /** Upper bound in m², inclusive; null for the open-ended top band. A band starts just above the previous one's bound. */
  readonly upToM2: number | null;
  readonly priceCents: number;
  /** Estimated working time for the band. */
  readonly minutes: number;
}

export type ServicePricing =
  | { readonly kind: 'hourly'; readonly centsPerHour: number }
  | { readonly kind: 'area_band'; readonly bands: readonly AreaBand[] }
  | { readonly kind: 'fixed'; readonly priceCents: number; readonly minutes: number };

interface Taxed {
  readonly vatCode: VatCode;
  /** Fraction 0..1 of the price that is work eligible for the household deduction. */
  readonly workShare: number;
}

export interface CatalogueService extends Taxed {
  readonly id: string;
  readonly descriptionKey: string;
  readonly pricing: ServicePricing;
}

export interface CatalogueAddOn extends Taxed {
  readonly id: string;
  readonly descriptionKey: string;
  readonly priceCents: number;
  readonly minutes: number;
}

export interface QuoteInput {
  /** Booking time (ISO instant); discount code validity is judged at this moment. */
  readonly now: string;
  /** Visit start: ISO date-time; without an offset it is read as Europe/Helsinki local time. */
  readonly visitStart: string;
  readonly frequency: PricingFrequency;
  readonly service: CatalogueService;
  /** Booked working time; required for hourly services, ignored otherwise. */
  readonly durationMinutes?: number;
  /** Floor area in m²; required for area-band services. */
  readonly floorAreaM2?: number;
  readonly addOns?: readonly { readonly addOn: CatalogueAddOn; readonly quantity: number }[];
  readonly customer: {
    readonly isNew: boolean;
    /** Household work this person paid earlier in the visit's calendar year. Default 0. */
    readonly earlierWorkCentsThisYear?: number;
    /** Household deduction already used in the visit's calendar year. Default 0. */
    readonly deductionUsedCentsThisYear?: number;
  };
  readonly discount?: {
    /** What the customer typed. */
    readonly enteredCode: string;
    /** The code's definition, or null when no such code exists. */
    readonly definition: DiscountCode | null;
    readonly totalUses: number;
    readonly customerUses: number;
  };
  readonly parameters?: PricingParameters;
}

export type LineUnit = 'hour' | 'visit' | 'piece';

export interface QuoteLine {
  readonly kind: 'service' | 'add_on';
  readonly itemId: string;
  readonly descriptionKey: string;
  /** Hours for hourly lines (minutes / 60), else a count. */
  readonly quantity: number;
  readonly unit: LineUnit;
  readonly unitPriceCents: number;
  readonly minutes: number;
  /** Area band chosen for area-priced services. */
  readonly areaBand?: { readonly aboveM2: number; readonly upToM2: number | null };
  /** List price of the line, VAT included, before discounts. */
  readonly grossCents: number;
  /** This line's share of the frequency and code discounts. */
  readonly discountCents: number;
  /** grossCents − discountCents: what the customer pays for the line, VAT included. */
  readonly payableCents: number;
  readonly vatCode: VatCode;
  readonly vatRateBp: number;
  readonly vatCents: number;
  readonly netCents: number;
  readonly workShare: number;
  readonly workCents: number;
}

export interface VatBreakdown {
  readonly vatCode: VatCode;
  readonly rateBp: number;
  readonly grossCents: number;
  readonly vatCents: number;
  readonly netCents: number;
}

export type CodeDiscount =
  | { readonly code: string; readonly applied: true; readonly cents: number }
  | { readonly code: string; readonly applied: false; readonly rejection: DiscountCodeRejection };

export interface Quote {
  readonly currency: 'EUR';
  readonly pricesIncludeVat: true;
  readonly visitLocalDate: string;
  readonly frequency: PricingFrequency;
  readonly orderType: OrderType;
  readonly lines: readonly QuoteLine[];
  readonly estimatedMinutes: number;
  readonly subtotalCents: number;
  readonly frequencyDiscount: { readonly rateBp: number; readonly cents: number };
  /** Null when no code was entered. */
  readonly codeDiscount: CodeDiscount | null;
  readonly totalDiscountCents: number;
  readonly totalGrossCents: number;
  readonly vatByRate: readonly VatBreakdown[];
  readonly vatTotalCents: number;
  readonly netCents: number;
  readonly workCents: number;
  readonly householdDeduction: HouseholdDeductionEstimate;
  readonly parameters: {
    readonly vatTableVersion: string;
    readonly vatPeriodFrom: string;
    readonly frequencyDiscountVersion: string;
    readonly householdDeductionVersion: string;
  };
}

export class PricingInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PricingInputError';
  }
}

interface DraftLine {
  kind: QuoteLine['kind'];
  itemId: string;
  descriptionKey: string;
  quantity: number;
  unit: LineUnit;
  unitPriceCents: number;
  minutes: number;
  areaBand?: QuoteLine['areaBand'];
  grossCents: number;
  vatCode: VatCode;
  workShare: number;
}

function positiveInt(value: number | undefined, what: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value <= 0) {
    throw new PricingInputError(`${what} must be a positive integer`);
  }
  return value;
}

function nonNegativeInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new PricingInputError(`${what} must be a non-negative integer`);
  return value;
}

function chooseBand(
  bands: readonly AreaBand[],
  areaM2: number | undefined,
): { band: AreaBand; aboveM2: number } {
  if (areaM2 === undefined || !Number.isFinite(areaM2) || areaM2 <= 0) {
    throw new PricingInputError('floorAreaM2 must be a positive number for area-priced services');
  }
  if (bands.length === 0) throw new PricingInputError('area-priced service has no bands');
  // Validate the whole table first so a malformed one fails for every floor area.
  bands.forEach((band, i) => {
    const previous = i === 0 ? 0 : bands[i - 1].upToM2;
    if (previous === null) throw new PricingInputError('only the last area band may be open-ended');
    if (band.upToM2 !== null && band.upToM2 <= previous) {
      throw new PricingInputError('area bands must be in ascending order');
    }
  });
  let above = 0;
  for (const band of bands) {
    if (band.upToM2 === null || areaM2 <= band.upToM2) return { band, aboveM2: above };
    above = band.upToM2;
  }
  throw new PricingInputError('floor area is above the largest area band');
}

function serviceLine(input: QuoteInput): DraftLine {
  const { service } = input;
  const common = {
    kind: 'service' as const,
    itemId: service.id,
    descriptionKey: service.descriptionKey,
    vatCode: service.vatCode,
    workShare: service.workShare,
  };
  const pricing = service.pricing;
  switch (pricing.kind) {
    case 'hourly': {
      const minutes = positiveInt(input.durationMinutes, 'durationMinutes');
      assertCents(pricing.centsPerHour, 'hourly price');
      return {
        ...common,
        quantity: minutes / 60,
        unit: 'hour',
        unitPriceCents: pricing.centsPerHour,
        minutes,
        grossCents: mulDivRoundHalfUp(pricing.centsPerHour, minutes, 60),
      };
    }
    case 'area_band': {
      const { band, aboveM2 } = chooseBand(pricing.bands, input.floorAreaM2);
      assertCents(band.priceCents, 'band price');
      return {
        ...common,
        quantity: 1,
        unit: 'visit',
        unitPriceCents: band.priceCents,
        minutes: nonNegativeInt(band.minutes, 'band minutes'),
        areaBand: { aboveM2, upToM2: band.upToM2 },
        grossCents: band.priceCents,
      };
    }
    case 'fixed':
      assertCents(pricing.priceCents, 'fixed price');
      return {
        ...common,
        quantity: 1,
        unit: 'visit',
        unitPriceCents: pricing.priceCents,
        minutes: nonNegativeInt(pricing.minutes, 'service minutes'),
        grossCents: pricing.priceCents,
      };
  }
}

function addOnLine(addOn: CatalogueAddOn, quantity: number): DraftLine {
  positiveInt(quantity, 'add-on quantity');
  assertCents(addOn.priceCents, 'add-on price');
  return {
    kind: 'add_on',
    itemId: addOn.id,
    descriptionKey: addOn.descriptionKey,
    quantity,
    unit: 'piece',
    unitPriceCents: addOn.priceCents,
    minutes: nonNegativeInt(addOn.minutes, 'add-on minutes') * quantity,
    grossCents: mulDivRoundHalfUp(addOn.priceCents, quantity, 1),
    vatCode: addOn.vatCode,
    workShare: addOn.workShare,
  };
}

const VAT_CODE_ORDER: readonly VatCode[] = ['general', 'zero'];

export function quote(input: QuoteInput): Quote {
  const params = input.parameters ?? DEFAULT_PRICING_PARAMETERS;
  if (!PRICING_FREQUENCIES.includes(input.frequency)) throw new PricingInputError('unknown frequency');
  const visit = DateTime.fromISO(input.visitStart, { zone: PRICING_TIME_ZONE });
  if (!visit.isValid) throw new PricingInputError('visitStart is not a valid ISO date-time');
  const visitLocalDate = visit.toISODate();
  if (!DateTime.fromISO(input.now, { setZone: true }).isValid) {
    throw new PricingInputError('now is not a valid ISO date-time');
  }
  const vatPeriod = vatRatesOn(params.vat, visitLocalDate);
  const orderType: OrderType = input.frequency === 'one_off' ? 'one_off' : 'recurring';

  const drafts = [serviceLine(input), ...(input.addOns ?? []).map((a) => addOnLine(a.addOn, a.quantity))];
  const workPpm = drafts.map((d) => fractionToPpm(d.workShare, 'workShare'));
  for (const d of drafts) {
    if (!VAT_CODE_ORDER.includes(d.vatCode)) throw new PricingInputError('unknown VAT code');
  }

  const subtotalCents = sumCents(drafts.map((d) => d.grossCents));
  const frequencyRateBp = params.frequencyDiscounts.rates[input.frequency];
  if (!Number.isInteger(frequencyRateBp) || frequencyRateBp < 0 || frequencyRateBp > 10_000) {
    throw new PricingInputError('frequency discount must be 0–10000 basis points');
  }
  const frequencyCents = percentOf(subtotalCents, frequencyRateBp);
  const afterFrequency = subtotalCents - frequencyCents;

  let codeDiscount: CodeDiscount | null = null;
  if (input.discount) {
    const result = evaluateDiscountCode(input.discount.definition, {
      now: input.now,
      orderType,
      customerIsNew: input.customer.isNew,
      totalUses: input.discount.totalUses,
      customerUses: input.discount.customerUses,
      baseCents: afterFrequency,
    });
    const code = input.discount.enteredCode;
    codeDiscount = result.applied
      ? { code, applied: true, cents: result.discountCents }
      : { code, applied: false, rejection: result.rejection };
  }
  const codeCents = codeDiscount?.applied ? codeDiscount.cents : 0;
  const totalDiscountCents = frequencyCents + codeCents;
  const allocation = allocateProRata(
    totalDiscountCents,
    drafts.map((d) => d.grossCents),
  );

  const lines: QuoteLine[] = drafts.map((d, i) => {
    const payableCents = d.grossCents - allocation[i];
    const vatRateBp = vatPeriod.rates[d.vatCode];
    const vatCents = vatFromGross(payableCents, vatRateBp);
    return {
      ...d,
      discountCents: allocation[i],
      payableCents,
      vatRateBp,
      vatCents,
      netCents: payableCents - vatCents,
      workCents: mulDivRoundHalfUp(payableCents, workPpm[i], PPM_SCALE),
    };
  });

  const vatByRate: VatBreakdown[] = VAT_CODE_ORDER.flatMap((vatCode) => {
    const of = lines.filter((l) => l.vatCode === vatCode);
    if (of.length === 0) return [];
    const grossCents = sumCents(of.map((l) => l.payableCents));
    const vatCents = sumCents(of.map((l) => l.vatCents));
    return [
      { vatCode, rateBp: vatPeriod.rates[vatCode], grossCents, vatCents, netCents: grossCents - vatCents },
    ];
  });

  const totalGrossCents = sumCents(lines.map((l) => l.payableCents));
  const vatTotalCents = sumCents(lines.map((l) => l.vatCents));
  const workCents = sumCents(lines.map((l) => l.workCents));

  const householdDeduction = estimateHouseholdDeduction(params.householdDeduction, {
    year: visit.year,
    workCents,
    earlierWorkCents: input.customer.earlierWorkCentsThisYear ?? 0,
    deductionUsedCents: input.customer.deductionUsedCentsThisYear ?? 0,
  });

  return {
    currency: 'EUR',
    pricesIncludeVat: true,
    visitLocalDate,
    frequency: input.frequency,
    orderType,
    lines,
    estimatedMinutes: sumCents(lines.map((l) => l.minutes)),
    subtotalCents,
    frequencyDiscount: { rateBp: frequencyRateBp, cents: frequencyCents },
    codeDiscount,
    totalDiscountCents,
    totalGrossCents,
    vatByRate,
    vatTotalCents,
    netCents: totalGrossCents - vatTotalCents,
    workCents,
    householdDeduction,
    parameters: {
      vatTableVersion: params.vat.version,
      vatPeriodFrom: vatPeriod.validFrom,
      frequencyDiscountVersion: params.frequencyDiscounts.version,
      householdDeductionVersion: params.householdDeduction.version,
    },
  };
}
