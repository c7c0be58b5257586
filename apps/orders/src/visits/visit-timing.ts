/**
 * When a provider may start a visit: from a configurable margin before its slot, never earlier
 * (an early start would let the visit be completed, invoiced and rated before it happened).
 * Completing needs a started visit (the state machine: only `in_progress` takes `complete`).
 */

export interface VisitStartInput {
  readonly now: Date;
  /** The visit's slot start. */
  readonly start: Date;
  /** Minutes before the slot from which it may be started. */
  readonly marginMinutes: number;
}

export interface VisitStartDecision {
  readonly allowed: boolean;
  /** First instant (ISO, UTC) at which the visit may be started. */
  readonly startableFrom: string;
}

export class VisitTimingError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'VisitTimingError';
  }
}

export function evaluateVisitStart(input: VisitStartInput): VisitStartDecision {
  const { marginMinutes } = input;
  if (!Number.isFinite(marginMinutes) || marginMinutes < 0) {
    throw new VisitTimingError('marginMinutes must be ≥ 0');
  }
  const now = input.now.getTime();
  const start = input.start.getTime();
  if (Number.isNaN(now) || Number.isNaN(start)) throw new VisitTimingError('now and start must be valid');
  const fromMs = start - Math.round(marginMinutes * 60_000);
  return { allowed: now >= fromMs, startableFrom: new Date(fromMs).toISOString() };
}
