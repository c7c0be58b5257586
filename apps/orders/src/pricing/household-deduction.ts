import { assertCents, percentOf } from './money.js';
import { householdDeductionFor, type HouseholdDeductionTable } from './pricing-parameters.js';

export interface HouseholdDeductionInput {
  /** Calendar year in which the work is paid (the deduction belongs to the payment year). */
  readonly year: number;
  /** Work cost of this order, VAT included, after discounts. */
  readonly workCents: number;
  /** Household work the person already paid earlier in the same year (VAT included). */
  readonly earlierWorkCents: number;
  /** Deduction already used (or estimated) for the same person in the same year. */
  readonly deductionUsedCents: number;
}

export interface HouseholdDeductionEstimate {
  readonly year: number;
  /** The parameter year actually used (nearest year in the table). */
  readonly parametersYear: number;
  readonly rateBp: number;
  readonly deductibleCents: number;
  readonly maxCents: number;
  readonly workCents: number;
  /** Estimated deduction attributable to this order, ≥ 0. */
  readonly estimatedCents: number;
}

/**
 * Estimate for one person: the yearly deduction is
 *   clamp(round(rate × all work paid this year) − deductible, 0, max)
 * and this order's share is what that yearly figure adds beyond the deduction already used.
 * The rate product is rounded half up to the cent before the deductible is taken off.
 * Spouses each have their own deductible and maximum; this estimates for one person only.
 */
export function estimateHouseholdDeduction(
  table: HouseholdDeductionTable,
  input: HouseholdDeductionInput,
): HouseholdDeductionEstimate {
  if (!Number.isInteger(input.year)) throw new RangeError('year must be an integer');
  assertCents(input.workCents, 'work amount');
  assertCents(input.earlierWorkCents, 'earlier work amount');
  assertCents(input.deductionUsedCents, 'deduction already used');
  const params = householdDeductionFor(table, input.year);
  const yearlyWork = input.earlierWorkCents + input.workCents;
  const gross = percentOf(yearlyWork, params.rateBp);
  const yearly = Math.min(params.maxCents, Math.max(0, gross - params.deductibleCents));
  return {
    year: input.year,
    parametersYear: params.year,
    rateBp: params.rateBp,
    deductibleCents: params.deductibleCents,
    maxCents: params.maxCents,
    workCents: input.workCents,
    estimatedCents: Math.max(0, yearly - input.deductionUsedCents),
  };
}
