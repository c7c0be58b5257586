import { estimateHouseholdDeduction } from './household-deduction.js';
import {
  FI_HOUSEHOLD_DEDUCTION,
  householdDeductionFor,
  PricingParameterError,
} from './pricing-parameters.js';

const est = (year: number, workCents: number, earlierWorkCents = 0, deductionUsedCents = 0) =>
  estimateHouseholdDeduction(FI_HOUSEHOLD_DEDUCTION, {
    year,
    workCents,
    earlierWorkCents,
    deductionUsedCents,
  });

describe('estimateHouseholdDeduction', () => {
  it('uses 35 %, €150 deductible and €1,600 cap in 2025 and 2026', () => {
    for (const year of [2025, 2026]) {
      const e = est(year, 100_000); // 35 000 − 15 000
      expect(e).toMatchObject({
        parametersYear: year,
        rateBp: 3500,
        deductibleCents: 15_000,
        maxCents: 160_000,
      });
      expect(e.estimatedCents).toBe(20_000);
    }
  });

  it('uses 40 %, €100 deductible and €2,250 cap in 2024 and for older years', () => {
    expect(est(2024, 100_000).estimatedCents).toBe(30_000);
    expect(est(2024, 10_000_000).estimatedCents).toBe(225_000);
    expect(est(2023, 100_000)).toMatchObject({ year: 2023, parametersYear: 2024, estimatedCents: 30_000 });
  });

  it('uses the latest known year for later years', () => {
    expect(est(2030, 100_000)).toMatchObject({ year: 2030, parametersYear: 2026, estimatedCents: 20_000 });
  });

  it('is zero while the year’s deduction is within the deductible', () => {
    expect(est(2026, 30_000).estimatedCents).toBe(0); // 10 500 < 15 000
    expect(est(2026, 42_857).estimatedCents).toBe(0); // 14 999.95 → 15 000 − 15 000
    expect(est(2026, 42_860).estimatedCents).toBe(1); // 15 001
    expect(est(2026, 0).estimatedCents).toBe(0);
  });

  it('accumulates across orders in a year: deductible once, then capped', () => {
    const orders = Array.from({ length: 20 }, () => 30_000);
    let earlier = 0;
    let used = 0;
    const perOrder: number[] = [];
    for (const work of orders) {
      const e = est(2026, work, earlier, used).estimatedCents;
      perOrder.push(e);
      earlier += work;
      used += e;
    }
    // Orders 1: 10 500 − 15 000 → 0; 2: 21 000 − 15 000 = 6 000; then 10 500 each until the cap.
    expect(perOrder.slice(0, 4)).toEqual([0, 6000, 10_500, 10_500]);
    expect(used).toBe(160_000);
    expect(perOrder.at(-1)).toBe(0);
    // The order crossing the cap gets only what is left: 16 orders → 168 000 − 15 000 = 153 000 used.
    expect(est(2026, 30_000, 16 * 30_000, 153_000).estimatedCents).toBe(7000);
  });

  it('counts deduction used for other household work against this order', () => {
    // 60 000 work ⇒ 21 000 − 15 000 = 6 000 yearly; 5 000 already used elsewhere.
    expect(est(2026, 30_000, 30_000, 5000).estimatedCents).toBe(1000);
    expect(est(2026, 30_000, 0, 200_000).estimatedCents).toBe(0);
  });

  it('rejects bad inputs', () => {
    expect(() => est(2026, -1)).toThrow(RangeError);
    expect(() => est(2026, 100, 0.5)).toThrow(RangeError);
    expect(() => est(2026.5, 100)).toThrow(RangeError);
    expect(() => householdDeductionFor({ version: 'x', years: [] }, 2026)).toThrow(PricingParameterError);
  });
});
