/**
 * When an assigned provider may still release a job: until a configurable number of hours
 * before the start (inclusive), so the order has time to find another provider. Hours are real
 * elapsed time between instants, as in the cancellation policy.
 */

export interface ReleaseInput {
  readonly now: Date;
  readonly start: Date;
  readonly hoursBefore: number;
}

export interface ReleaseDecision {
  readonly allowed: boolean;
  /** Last instant (ISO, UTC) at which the job may be released. */
  readonly releasableUntil: string;
}

export class ReleasePolicyError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ReleasePolicyError';
  }
}

export function evaluateRelease(input: ReleaseInput): ReleaseDecision {
  const { hoursBefore } = input;
  if (!Number.isFinite(hoursBefore) || hoursBefore < 0) {
    throw new ReleasePolicyError('hoursBefore must be ≥ 0');
  }
  const now = input.now.getTime();
  const start = input.start.getTime();
  if (Number.isNaN(now) || Number.isNaN(start)) throw new ReleasePolicyError('now and start must be valid');
  const untilMs = start - Math.round(hoursBefore * 3_600_000);
  return { allowed: now <= untilMs && now < start, releasableUntil: new Date(untilMs).toISOString() };
}
