/**
 * Cancellation fees. Customers cancel free until a configurable number of hours before the
 * start; after that a fee applies (a percentage of the order total, or a fixed amount capped
 * at the total). The company's own cancellations are always free. Nobody cancels at or after
 * the start. Hours are real elapsed time between instants, so a DST change in between counts
 * as the hour it really is.
 */
import { BP_SCALE, percentOf } from '../pricing/money.js';

export type CancellationFee =
  | {
      readonly kind: 'percent';
      /** basis points of the order total, 5000 = 50 % */ readonly percentBp: number;
    }
  | { readonly kind: 'fixed'; readonly amountCents: number };

export interface CancellationPolicy {
  readonly freeUntilHoursBefore: number;
  readonly lateFee: CancellationFee;
}

export const DEFAULT_CANCELLATION_POLICY: CancellationPolicy = {
  freeUntilHoursBefore: 24,
  lateFee: { kind: 'percent', percentBp: 5000 },
};

export type CancelledBy = 'customer' | 'company';

export const CancellationReason = {
  /** Company cancellations never cost the customer anything. */
  CompanyCancellation: 'company_cancellation',
  /** Early enough: free. */
  WithinFreePeriod: 'within_free_period',
  /** Too late for free: the fee applies. */
  LateCancellation: 'late_cancellation',
  /** The visit has started: cancelling is refused. */
  AlreadyStarted: 'already_started',
} as const;
export type CancellationReason = (typeof CancellationReason)[keyof typeof CancellationReason];

export interface CancellationInput {
  readonly now: Date | string;
  readonly start: Date | string;
  readonly totalCents: number;
  readonly cancelledBy: CancelledBy;
  readonly policy?: CancellationPolicy;
}

export interface CancellationDecision {
  readonly allowed: boolean;
  readonly feeCents: number;
  readonly reason: CancellationReason;
  /** Last instant (ISO, UTC) at which a customer may cancel free. */
  readonly freeUntil: string;
}

export class CancellationPolicyError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CancellationPolicyError';
  }
}

function toMillis(value: Date | string, what: string): number {
  if (typeof value === 'string' && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new CancellationPolicyError(`${what} must be an ISO instant with an offset or Z`);
  }
  const ms = (typeof value === 'string' ? new Date(value) : value).getTime();
  if (Number.isNaN(ms)) throw new CancellationPolicyError(`${what} is not a valid date-time`);
  return ms;
}

function validatePolicy(policy: CancellationPolicy): void {
  const h = policy.freeUntilHoursBefore;
  if (!Number.isFinite(h) || h < 0) throw new CancellationPolicyError('freeUntilHoursBefore must be ≥ 0');
  const fee = policy.lateFee;
  if (fee.kind === 'percent') {
    if (!Number.isInteger(fee.percentBp) || fee.percentBp < 0 || fee.percentBp > BP_SCALE) {
      throw new CancellationPolicyError('percent fee must be 0–10000 basis points');
    }
  } else if (!Number.isSafeInteger(fee.amountCents) || fee.amountCents < 0) {
    throw new CancellationPolicyError('fixed fee must be a non-negative integer number of cents');
  }
}

/**
 * Free at exactly `freeUntilHoursBefore` hours before the start (inclusive); refused at the
 * start instant and after. Percentage fees are rounded half up to the cent.
 */
export function evaluateCancellation(input: CancellationInput): CancellationDecision {
  const policy = input.policy ?? DEFAULT_CANCELLATION_POLICY;
  validatePolicy(policy);
  if (!Number.isSafeInteger(input.totalCents) || input.totalCents < 0) {
    throw new CancellationPolicyError('totalCents must be a non-negative integer');
  }
  const now = toMillis(input.now, 'now');
  const start = toMillis(input.start, 'start');
  const freeUntilMs = start - Math.round(policy.freeUntilHoursBefore * 3_600_000);
  const freeUntil = new Date(freeUntilMs).toISOString();
  const decide = (allowed: boolean, feeCents: number, reason: CancellationReason): CancellationDecision => ({
    allowed,
    feeCents,
    reason,
    freeUntil,
  });

  if (now >= start) return decide(false, 0, CancellationReason.AlreadyStarted);
  if (input.cancelledBy === 'company') return decide(true, 0, CancellationReason.CompanyCancellation);
  if (input.cancelledBy !== 'customer')
    throw new CancellationPolicyError('cancelledBy must be customer or company');
  if (now <= freeUntilMs) return decide(true, 0, CancellationReason.WithinFreePeriod);
  const fee = policy.lateFee;
  const feeCents =
    fee.kind === 'percent'
      ? percentOf(input.totalCents, fee.percentBp)
      : Math.min(fee.amountCents, input.totalCents);
  return decide(true, feeCents, CancellationReason.LateCancellation);
}
