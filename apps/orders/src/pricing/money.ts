/**
 * Integer-cent arithmetic. Every monetary amount in the pricing engine is a safe integer
 * number of euro cents; products are computed in BigInt so no intermediate loses precision.
 *
 * Rounding rule: round half up (0.5 cent → 1 cent). It is only ever applied to non-negative
 * amounts, so "half up" and "half away from zero" coincide.
 */

/** 100 % expressed in basis points (1 bp = 0.01 %). Rates and percentages are integer bp. */
export const BP_SCALE = 10_000;
/** 1.0 expressed in parts per million; fractions such as a line's work share use this scale. */
export const PPM_SCALE = 1_000_000;

export class MoneyError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MoneyError(`${what} must be a non-negative integer number of cents`);
  }
}

function assertNonNegativeInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MoneyError(`${what} must be a non-negative integer`);
  }
}

/** round(value × numerator / denominator), half up, for non-negative integers. */
export function mulDivRoundHalfUp(value: number, numerator: number, denominator: number): number {
  assertNonNegativeInt(value, 'value');
  assertNonNegativeInt(numerator, 'numerator');
  assertNonNegativeInt(denominator, 'denominator');
  if (denominator === 0) throw new MoneyError('denominator must be positive');
  const product = BigInt(value) * BigInt(numerator);
  const den = BigInt(denominator);
  const result = (product * 2n + den) / (den * 2n);
  return toSafeNumber(result);
}

/** cents × bp / 10 000, rounded half up: a percentage of an amount. */
export function percentOf(cents: number, bp: number): number {
  return mulDivRoundHalfUp(cents, bp, BP_SCALE);
}

/**
 * VAT contained in a VAT-inclusive gross amount: gross × rate / (1 + rate), rounded half up.
 * E.g. 100.00 € at 25.5 % → 20.32 € (20.318…).
 */
export function vatFromGross(grossCents: number, rateBp: number): number {
  return mulDivRoundHalfUp(grossCents, rateBp, BP_SCALE + rateBp);
}

/** Converts a fraction in [0, 1] to integer parts per million (so later maths stays integer). */
export function fractionToPpm(fraction: number, what: string): number {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new MoneyError(`${what} must be a fraction between 0 and 1`);
  }
  return Math.round(fraction * PPM_SCALE);
}

/**
 * Splits `amount` over the `weights` in proportion, so that the parts sum exactly to `amount`
 * (largest-remainder method; ties go to the earlier index, which keeps it deterministic).
 * With all weights zero the amount cannot be placed, so it must then be zero too.
 */
export function allocateProRata(amount: number, weights: readonly number[]): number[] {
  assertNonNegativeInt(amount, 'amount');
  weights.forEach((w) => assertNonNegativeInt(w, 'weight'));
  const total = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (total === 0n) {
    if (amount !== 0) throw new MoneyError('cannot allocate a non-zero amount over zero weights');
    return weights.map(() => 0);
  }
  const amt = BigInt(amount);
  const floors = weights.map((w) => (amt * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: amt * BigInt(w) - floors[i] * total }));
  let left = amt - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map(toSafeNumber);
}

export function sumCents(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyError('amount exceeds the safe integer range');
  return n;
}
