import { DateTime } from 'luxon';

import { assertCents, percentOf } from './money.js';

export type OrderType = 'one_off' | 'recurring';

export type DiscountCodeValue =
  | { readonly kind: 'percent'; /** basis points, 1000 = 10 % */ readonly percentBp: number }
  | { readonly kind: 'fixed'; readonly amountCents: number };

export interface DiscountCode {
  readonly code: string;
  readonly value: DiscountCodeValue;
  /** Set false to withdraw a code without deleting it. Defaults to true. */
  readonly active?: boolean;
  /** ISO instant, inclusive. Absent: valid from the beginning. */
  readonly validFrom?: string;
  /** ISO instant, exclusive. Absent: never expires. */
  readonly validUntil?: string;
  readonly appliesTo: readonly OrderType[];
  readonly newCustomersOnly?: boolean;
  /** Absent or null: unlimited. */
  readonly maxTotalUses?: number | null;
  readonly maxUsesPerCustomer?: number | null;
  /** Minimum order amount (after the frequency discount, before this code). */
  readonly minOrderTotalCents?: number | null;
}

/** Why a code did not apply. Values are stable strings, safe to store and show as i18n keys. */
export const DiscountCodeRejection = {
  NotFound: 'not_found',
  Inactive: 'inactive',
  NotYetValid: 'not_yet_valid',
  Expired: 'expired',
  OrderTypeNotEligible: 'order_type_not_eligible',
  NewCustomersOnly: 'new_customers_only',
  UsageLimitReached: 'usage_limit_reached',
  CustomerUsageLimitReached: 'customer_usage_limit_reached',
  BelowMinimumTotal: 'below_minimum_total',
} as const;
export type DiscountCodeRejection = (typeof DiscountCodeRejection)[keyof typeof DiscountCodeRejection];

export interface DiscountCodeContext {
  /** When the code is being used (booking time), not the visit time. ISO instant. */
  readonly now: string;
  readonly orderType: OrderType;
  /** True when the customer has no earlier orders; the caller decides. */
  readonly customerIsNew: boolean;
  /** Times the code has been redeemed by anyone, and by this customer (caller counts). */
  readonly totalUses: number;
  readonly customerUses: number;
  /** Amount the code applies to: subtotal after the frequency discount. */
  readonly baseCents: number;
}

export type DiscountCodeResult =
  | { readonly applied: true; readonly code: string; readonly discountCents: number }
  | { readonly applied: false; readonly code: string | null; readonly rejection: DiscountCodeRejection };

export class DiscountCodeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DiscountCodeError';
  }
}

function instant(iso: string, what: string): number {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new DiscountCodeError(`${what} is not a valid ISO date-time`);
  return dt.toMillis();
}

function validateDefinition(code: DiscountCode): void {
  if (code.value.kind === 'percent') {
    const bp = code.value.percentBp;
    if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) {
      throw new DiscountCodeError('percent discount must be 0–10000 basis points');
    }
  } else {
    assertCents(code.value.amountCents, 'fixed discount');
  }
  for (const [what, limit] of [
    ['maxTotalUses', code.maxTotalUses],
    ['maxUsesPerCustomer', code.maxUsesPerCustomer],
    ['minOrderTotalCents', code.minOrderTotalCents],
  ] as const) {
    if (limit !== undefined && limit !== null && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new DiscountCodeError(`${what} must be a non-negative integer`);
    }
  }
}

/**
 * Decides whether a code applies and how much it takes off. Never throws for a code that
 * merely does not apply (that is a typed rejection); throws only for malformed definitions
 * or inputs. Checks run in a fixed order so the reason reported is predictable.
 * A fixed amount is capped at the base, so the total never goes negative.
 */
export function evaluateDiscountCode(
  code: DiscountCode | null,
  ctx: DiscountCodeContext,
): DiscountCodeResult {
  assertCents(ctx.baseCents, 'base amount');
  for (const [what, n] of [
    ['totalUses', ctx.totalUses],
    ['customerUses', ctx.customerUses],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new DiscountCodeError(`${what} must be a non-negative integer`);
  }
  const now = instant(ctx.now, 'now');
  if (code === null) return { applied: false, code: null, rejection: DiscountCodeRejection.NotFound };
  validateDefinition(code);
  const reject = (rejection: DiscountCodeRejection): DiscountCodeResult => ({
    applied: false,
    code: code.code,
    rejection,
  });

  if (code.active === false) return reject(DiscountCodeRejection.Inactive);
  if (code.validFrom !== undefined && now < instant(code.validFrom, 'validFrom')) {
    return reject(DiscountCodeRejection.NotYetValid);
  }
  if (code.validUntil !== undefined && now >= instant(code.validUntil, 'validUntil')) {
    return reject(DiscountCodeRejection.Expired);
  }
  if (!code.appliesTo.includes(ctx.orderType)) return reject(DiscountCodeRejection.OrderTypeNotEligible);
  if (code.newCustomersOnly && !ctx.customerIsNew) return reject(DiscountCodeRejection.NewCustomersOnly);
  if (code.maxTotalUses != null && ctx.totalUses >= code.maxTotalUses) {
    return reject(DiscountCodeRejection.UsageLimitReached);
  }
  if (code.maxUsesPerCustomer != null && ctx.customerUses >= code.maxUsesPerCustomer) {
    return reject(DiscountCodeRejection.CustomerUsageLimitReached);
  }
  if (code.minOrderTotalCents != null && ctx.baseCents < code.minOrderTotalCents) {
    return reject(DiscountCodeRejection.BelowMinimumTotal);
  }

  const raw =
    code.value.kind === 'percent' ? percentOf(ctx.baseCents, code.value.percentBp) : code.value.amountCents;
  return { applied: true, code: code.code, discountCents: Math.min(raw, ctx.baseCents) };
}
