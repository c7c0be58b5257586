import { DiscountCodeRejection, type DiscountCode } from './discount-code.js';
import { sumCents } from './money.js';
import {
  PricingInputError,
  quote,
  type CatalogueAddOn,
  type CatalogueService,
  type QuoteInput,
} from './pricing-engine.js';
import { DEFAULT_PRICING_PARAMETERS, PricingParameterError } from './pricing-parameters.js';

const hourly: CatalogueService = {
  id: 'svc-hourly',
  descriptionKey: 'service.home_cleaning',
  pricing: { kind: 'hourly', centsPerHour: 5990 },
  vatCode: 'general',
  workShare: 1,
};
const byArea: CatalogueService = {
  id: 'svc-area',
  descriptionKey: 'service.basic_cleaning',
  pricing: {
    kind: 'area_band',
    bands: [
      { upToM2: 50, priceCents: 12_900, minutes: 180 },
      { upToM2: 80, priceCents: 15_900, minutes: 240 },
      { upToM2: 120, priceCents: 19_900, minutes: 300 },
      { upToM2: null, priceCents: 24_900, minutes: 360 },
    ],
  },
  vatCode: 'general',
  workShare: 1,
};
const fixed: CatalogueService = {
  id: 'svc-fixed',
  descriptionKey: 'service.move_out',
  pricing: { kind: 'fixed', priceCents: 10_000, minutes: 120 },
  vatCode: 'general',
  workShare: 1,
};
const oven: CatalogueAddOn = {
  id: 'add-oven',
  descriptionKey: 'addon.oven',
  priceCents: 3900,
  minutes: 45,
  vatCode: 'general',
  workShare: 1,
};
const supplies: CatalogueAddOn = {
  id: 'add-supplies',
  descriptionKey: 'addon.supplies',
  priceCents: 1290,
  minutes: 0,
  vatCode: 'general',
  workShare: 0,
};
const zeroRated: CatalogueAddOn = {
  id: 'add-zero',
  descriptionKey: 'addon.zero_rated',
  priceCents: 500,
  minutes: 0,
  vatCode: 'zero',
  workShare: 0,
};

const input = (over: Partial<QuoteInput> = {}): QuoteInput => ({
  now: '2026-04-01T10:00:00Z',
  visitStart: '2026-04-10T09:00',
  frequency: 'one_off',
  service: fixed,
  customer: { isNew: false },
  ...over,
});

const codeDef = (over: Partial<DiscountCode> = {}): DiscountCode => ({
  code: 'WELCOME',
  value: { kind: 'percent', percentBp: 1000 },
  appliesTo: ['one_off', 'recurring'],
  ...over,
});
const withCode = (definition: DiscountCode | null, totalUses = 0, customerUses = 0) => ({
  discount: { enteredCode: 'welcome', definition, totalUses, customerUses },
});

describe('quote', () => {
  it('prices an hourly service from minutes and extracts VAT per line', () => {
    const q = quote(input({ service: hourly, durationMinutes: 150 }));
    expect(q.lines).toHaveLength(1);
    expect(q.lines[0]).toMatchObject({
      kind: 'service',
      descriptionKey: 'service.home_cleaning',
      quantity: 2.5,
      unit: 'hour',
      unitPriceCents: 5990,
      minutes: 150,
      grossCents: 14_975,
      discountCents: 0,
      payableCents: 14_975,
      vatRateBp: 2550,
      vatCents: 3043, // 3042.73
      netCents: 11_932,
      workCents: 14_975,
    });
    expect(q).toMatchObject({
      currency: 'EUR',
      pricesIncludeVat: true,
      orderType: 'one_off',
      subtotalCents: 14_975,
      totalGrossCents: 14_975,
      vatTotalCents: 3043,
      netCents: 11_932,
      estimatedMinutes: 150,
      codeDiscount: null,
    });
  });

  it('rounds an hourly line half up per line', () => {
    expect(quote(input({ service: hourly, durationMinutes: 25 })).lines[0].grossCents).toBe(2496); // 2495.83
    const half = { ...hourly, pricing: { kind: 'hourly' as const, centsPerHour: 4999 } };
    expect(quote(input({ service: half, durationMinutes: 30 })).lines[0].grossCents).toBe(2500); // 2499.5
  });

  it('chooses the area band by floor area (upper bounds inclusive)', () => {
    const price = (floorAreaM2: number) => quote(input({ service: byArea, floorAreaM2 })).lines[0];
    expect(price(1).grossCents).toBe(12_900);
    expect(price(50).grossCents).toBe(12_900);
    expect(price(50.5).grossCents).toBe(15_900);
    expect(price(51)).toMatchObject({
      grossCents: 15_900,
      areaBand: { aboveM2: 50, upToM2: 80 },
      minutes: 240,
    });
    expect(price(80).grossCents).toBe(15_900);
    expect(price(81).grossCents).toBe(19_900);
    expect(price(120).grossCents).toBe(19_900);
    expect(price(121)).toMatchObject({ grossCents: 24_900, areaBand: { aboveM2: 120, upToM2: null } });
    expect(price(1000).grossCents).toBe(24_900);
  });

  it('adds add-ons with quantity and minutes', () => {
    const q = quote(
      input({
        addOns: [
          { addOn: oven, quantity: 2 },
          { addOn: supplies, quantity: 1 },
        ],
      }),
    );
    expect(q.lines.map((l) => [l.kind, l.itemId, l.grossCents, l.workCents])).toEqual([
      ['service', 'svc-fixed', 10_000, 10_000],
      ['add_on', 'add-oven', 7800, 7800],
      ['add_on', 'add-supplies', 1290, 0],
    ]);
    expect(q.subtotalCents).toBe(19_090);
    expect(q.estimatedMinutes).toBe(120 + 90);
    expect(q.workCents).toBe(17_800);
  });

  describe('VAT by visit date (Europe/Helsinki)', () => {
    it('uses 24 % before 2024-09-01 and 25.5 % from it', () => {
      const before = quote(input({ visitStart: '2024-08-31T12:00' }));
      expect(before.lines[0]).toMatchObject({ vatRateBp: 2400, vatCents: 1935 });
      expect(before.parameters.vatPeriodFrom).toBe('2013-01-01');
      const after = quote(input({ visitStart: '2024-09-01T12:00' }));
      expect(after.lines[0]).toMatchObject({ vatRateBp: 2550, vatCents: 2032 });
      expect(after.parameters).toEqual({
        vatTableVersion: 'fi-vat-2024-09-01',
        vatPeriodFrom: '2024-09-01',
        frequencyDiscountVersion: 'frequency-discounts-v1',
        householdDeductionVersion: 'fi-kotitalousvahennys-2026',
      });
    });

    it('switches at Helsinki midnight, not UTC midnight', () => {
      // 21:00Z on 31 Aug is 00:00 on 1 Sep in Helsinki (UTC+3).
      expect(quote(input({ visitStart: '2024-08-31T20:59:59Z' })).lines[0].vatRateBp).toBe(2400);
      const q = quote(input({ visitStart: '2024-08-31T21:00:00Z' }));
      expect(q.visitLocalDate).toBe('2024-09-01');
      expect(q.lines[0].vatRateBp).toBe(2550);
      expect(quote(input({ visitStart: '2024-09-01T00:00:00+03:00' })).lines[0].vatRateBp).toBe(2550);
      expect(quote(input({ visitStart: '2024-08-31T23:59' })).lines[0].vatRateBp).toBe(2400);
    });

    it('totals VAT by rate with zero-rated lines', () => {
      const q = quote(input({ addOns: [{ addOn: zeroRated, quantity: 1 }] }));
      expect(q.vatByRate).toEqual([
        { vatCode: 'general', rateBp: 2550, grossCents: 10_000, vatCents: 2032, netCents: 7968 },
        { vatCode: 'zero', rateBp: 0, grossCents: 500, vatCents: 0, netCents: 500 },
      ]);
      expect(q.vatTotalCents).toBe(2032);
      expect(q.netCents).toBe(10_500 - 2032);
    });

    it('rejects dates before the rate table', () => {
      expect(() => quote(input({ visitStart: '2012-12-31T12:00' }))).toThrow(PricingParameterError);
    });
  });

  describe('frequency discounts', () => {
    it.each([
      ['one_off', 0, 0],
      ['monthly', 500, 500],
      ['every_4_weeks', 500, 500],
      ['every_2_weeks', 1000, 1000],
      ['weekly', 1500, 1500],
    ] as const)('%s takes %i bp', (frequency, rateBp, cents) => {
      const q = quote(input({ frequency }));
      expect(q.frequencyDiscount).toEqual({ rateBp, cents });
      expect(q.totalGrossCents).toBe(10_000 - cents);
      expect(q.orderType).toBe(frequency === 'one_off' ? 'one_off' : 'recurring');
    });

    it('accepts a custom table and reports its version', () => {
      const parameters = {
        ...DEFAULT_PRICING_PARAMETERS,
        frequencyDiscounts: {
          version: 'promo-2026',
          rates: { one_off: 0, monthly: 0, every_4_weeks: 0, every_2_weeks: 0, weekly: 2000 },
        },
      };
      const q = quote(input({ frequency: 'weekly', parameters }));
      expect(q.frequencyDiscount.cents).toBe(2000);
      expect(q.parameters.frequencyDiscountVersion).toBe('promo-2026');
    });

    it('spreads the discount over lines, exact to the cent, and computes VAT after it', () => {
      const q = quote(input({ frequency: 'weekly', addOns: [{ addOn: supplies, quantity: 1 }] }));
      expect(q.subtotalCents).toBe(11_290);
      expect(q.frequencyDiscount.cents).toBe(1694); // 1693.5 → up
      expect(q.lines.map((l) => [l.discountCents, l.payableCents, l.vatCents, l.workCents])).toEqual([
        [1500, 8500, 1727, 8500],
        [194, 1096, 223, 0],
      ]);
      expect(q.totalGrossCents).toBe(9596);
      expect(q.vatTotalCents).toBe(1950);
      expect(q.workCents).toBe(8500);
    });
  });

  describe('discount codes', () => {
    it('applies a percent code after the frequency discount', () => {
      const q = quote(input({ frequency: 'weekly', ...withCode(codeDef()) }));
      expect(q.codeDiscount).toEqual({ code: 'welcome', applied: true, cents: 850 });
      expect(q.totalDiscountCents).toBe(2350);
      expect(q.totalGrossCents).toBe(7650);
      expect(q.lines[0]).toMatchObject({ payableCents: 7650, vatCents: 1554 }); // 1554.42
    });

    it('applies a fixed code', () => {
      const q = quote(input({ ...withCode(codeDef({ value: { kind: 'fixed', amountCents: 1234 } })) }));
      expect(q.codeDiscount).toEqual({ code: 'welcome', applied: true, cents: 1234 });
      expect(q.totalGrossCents).toBe(8766);
    });

    it('never makes the total negative with a fixed code larger than the total', () => {
      const q = quote(
        input({
          frequency: 'every_2_weeks',
          addOns: [{ addOn: zeroRated, quantity: 1 }],
          ...withCode(codeDef({ value: { kind: 'fixed', amountCents: 50_000 } })),
        }),
      );
      expect(q.codeDiscount).toEqual({ code: 'welcome', applied: true, cents: 9450 });
      expect(q.totalGrossCents).toBe(0);
      expect(q.vatTotalCents).toBe(0);
      expect(q.workCents).toBe(0);
      expect(q.householdDeduction.estimatedCents).toBe(0);
      expect(q.lines.every((l) => l.payableCents === 0)).toBe(true);
    });

    it.each([
      ['unknown', null, {}, DiscountCodeRejection.NotFound],
      ['expired', codeDef({ validUntil: '2026-03-31T00:00:00Z' }), {}, DiscountCodeRejection.Expired],
      [
        'not yet valid',
        codeDef({ validFrom: '2026-05-01T00:00:00Z' }),
        {},
        DiscountCodeRejection.NotYetValid,
      ],
      [
        'wrong order type',
        codeDef({ appliesTo: ['recurring'] }),
        {},
        DiscountCodeRejection.OrderTypeNotEligible,
      ],
      ['new customers only', codeDef({ newCustomersOnly: true }), {}, DiscountCodeRejection.NewCustomersOnly],
      [
        'total uses exhausted',
        codeDef({ maxTotalUses: 5 }),
        { totalUses: 5 },
        DiscountCodeRejection.UsageLimitReached,
      ],
      [
        'per-customer uses exhausted',
        codeDef({ maxUsesPerCustomer: 1 }),
        { customerUses: 1 },
        DiscountCodeRejection.CustomerUsageLimitReached,
      ],
      ['below minimum', codeDef({ minOrderTotalCents: 10_001 }), {}, DiscountCodeRejection.BelowMinimumTotal],
    ])('reports %s and leaves the price unchanged', (_name, definition, usage, reason) => {
      const u = usage as { totalUses?: number; customerUses?: number };
      const q = quote(input(withCode(definition, u.totalUses ?? 0, u.customerUses ?? 0)));
      expect(q.codeDiscount).toEqual({ code: 'welcome', applied: false, rejection: reason });
      expect(q.totalGrossCents).toBe(10_000);
      expect(q.totalDiscountCents).toBe(0);
    });

    it('judges the minimum against the amount after the frequency discount', () => {
      const c = codeDef({ minOrderTotalCents: 9000 });
      expect(quote(input({ frequency: 'every_2_weeks', ...withCode(c) })).codeDiscount?.applied).toBe(true);
      expect(quote(input({ frequency: 'weekly', ...withCode(c) })).codeDiscount).toMatchObject({
        applied: false,
        rejection: 'below_minimum_total',
      });
    });

    it('lets new customers use a new-customer code on recurring orders when allowed', () => {
      const c = codeDef({ newCustomersOnly: true, appliesTo: ['recurring'] });
      const q = quote(input({ frequency: 'weekly', customer: { isNew: true }, ...withCode(c) }));
      expect(q.codeDiscount).toMatchObject({ applied: true, cents: 850 });
    });
  });

  describe('household deduction estimate', () => {
    it('applies the deductible to the first order of the year', () => {
      const q = quote(input({ service: hourly, durationMinutes: 150 }));
      expect(q.householdDeduction).toMatchObject({ year: 2026, workCents: 14_975, estimatedCents: 0 });
    });

    it('uses earlier work and deduction already used in the year', () => {
      const q = quote(
        input({
          service: hourly,
          durationMinutes: 150,
          customer: { isNew: false, earlierWorkCentsThisYear: 50_000, deductionUsedCentsThisYear: 2500 },
        }),
      );
      expect(q.householdDeduction.estimatedCents).toBe(5241); // 64 975 × 35 % − 150 € − 25 €
    });

    it('uses only the work share of what the customer pays', () => {
      const q = quote(
        input({
          frequency: 'weekly',
          addOns: [{ addOn: supplies, quantity: 1 }],
          customer: { isNew: false, earlierWorkCentsThisYear: 100_000, deductionUsedCentsThisYear: 20_000 },
        }),
      );
      expect(q.workCents).toBe(8500);
      expect(q.householdDeduction.estimatedCents).toBe(2975); // 8 500 × 35 %
    });

    it('uses the 2024 parameters for a 2024 visit', () => {
      const q = quote(
        input({
          visitStart: '2024-10-01T09:00',
          customer: { isNew: false, earlierWorkCentsThisYear: 100_000, deductionUsedCentsThisYear: 30_000 },
        }),
      );
      expect(q.householdDeduction).toMatchObject({ year: 2024, rateBp: 4000, estimatedCents: 4000 });
    });

    it('reports a partial work share rounded half up', () => {
      const partial: CatalogueService = {
        ...fixed,
        pricing: { kind: 'fixed', priceCents: 1001, minutes: 30 },
        workShare: 0.5,
      };
      expect(quote(input({ service: partial })).workCents).toBe(501); // 500.5
    });
  });

  it('is deterministic', () => {
    const i = input({ frequency: 'weekly', addOns: [{ addOn: oven, quantity: 1 }], ...withCode(codeDef()) });
    expect(quote(i)).toEqual(quote(i));
  });

  it('keeps the totals consistent with the lines', () => {
    const q = quote(
      input({
        service: byArea,
        floorAreaM2: 77,
        frequency: 'every_4_weeks',
        addOns: [
          { addOn: oven, quantity: 3 },
          { addOn: supplies, quantity: 1 },
          { addOn: zeroRated, quantity: 2 },
        ],
        ...withCode(codeDef({ value: { kind: 'percent', percentBp: 333 } })),
      }),
    );
    expect(sumCents(q.lines.map((l) => l.payableCents))).toBe(q.totalGrossCents);
    expect(q.subtotalCents - q.totalDiscountCents).toBe(q.totalGrossCents);
    expect(sumCents(q.lines.map((l) => l.discountCents))).toBe(q.totalDiscountCents);
    expect(sumCents(q.vatByRate.map((v) => v.vatCents))).toBe(q.vatTotalCents);
    expect(q.totalGrossCents - q.vatTotalCents).toBe(q.netCents);
  });

  describe('bad input', () => {
    it.each([
      ['hourly without minutes', input({ service: hourly })],
      ['hourly with zero minutes', input({ service: hourly, durationMinutes: 0 })],
      ['hourly with fractional minutes', input({ service: hourly, durationMinutes: 1.5 })],
      ['area without floor area', input({ service: byArea })],
      ['area with negative floor area', input({ service: byArea, floorAreaM2: -5 })],
      ['add-on quantity 0', input({ addOns: [{ addOn: oven, quantity: 0 }] })],
      ['invalid visit date', input({ visitStart: '2026-02-30T10:00' })],
      ['invalid booking time', input({ now: 'today' })],
    ])('rejects %s', (_name, bad) => {
      expect(() => quote(bad)).toThrow(PricingInputError);
    });

    it('rejects malformed catalogue data', () => {
      const unsorted: CatalogueService = {
        ...byArea,
        pricing: {
          kind: 'area_band',
          bands: [
            { upToM2: 80, priceCents: 1, minutes: 1 },
            { upToM2: 50, priceCents: 1, minutes: 1 },
          ],
        },
      };
      expect(() => quote(input({ service: unsorted, floorAreaM2: 60 }))).toThrow(PricingInputError);
      const openMiddle: CatalogueService = {
        ...byArea,
        pricing: {
          kind: 'area_band',
          bands: [
            { upToM2: null, priceCents: 1, minutes: 1 },
            { upToM2: 50, priceCents: 1, minutes: 1 },
          ],
        },
      };
      expect(() => quote(input({ service: openMiddle, floorAreaM2: 60 }))).toThrow(PricingInputError);
      const capped: CatalogueService = {
        ...byArea,
        pricing: { kind: 'area_band', bands: [{ upToM2: 50, priceCents: 1, minutes: 1 }] },
      };
      expect(() => quote(input({ service: capped, floorAreaM2: 60 }))).toThrow(PricingInputError);
      expect(() => quote(input({ service: { ...fixed, workShare: 1.5 } }))).toThrow(RangeError);
      expect(() =>
        quote(input({ service: { ...fixed, pricing: { kind: 'fixed', priceCents: 99.5, minutes: 1 } } })),
      ).toThrow(RangeError);
    });
  });
});
