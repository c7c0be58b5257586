import {
  CancellationPolicyError,
  CancellationReason,
  DEFAULT_CANCELLATION_POLICY,
  evaluateCancellation,
  type CancellationInput,
} from './cancellation-policy.js';

const START = '2026-04-10T06:00:00.000Z'; // 09:00 Helsinki
const at = (over: Partial<CancellationInput>) =>
  evaluateCancellation({
    now: '2026-04-01T00:00:00Z',
    start: START,
    totalCents: 10_001,
    cancelledBy: 'customer',
    ...over,
  });

describe('evaluateCancellation', () => {
  it('defaults to free until 24 h before, then 50 %', () => {
    expect(DEFAULT_CANCELLATION_POLICY).toEqual({
      freeUntilHoursBefore: 24,
      lateFee: { kind: 'percent', percentBp: 5000 },
    });
    expect(at({})).toEqual({
      allowed: true,
      feeCents: 0,
      reason: CancellationReason.WithinFreePeriod,
      freeUntil: '2026-04-09T06:00:00.000Z',
    });
  });

  it('is free exactly at the free limit and charges 1 ms later (rounded half up)', () => {
    expect(at({ now: '2026-04-09T06:00:00.000Z' })).toMatchObject({
      allowed: true,
      feeCents: 0,
      reason: 'within_free_period',
    });
    expect(at({ now: '2026-04-09T06:00:00.001Z' })).toMatchObject({
      allowed: true,
      feeCents: 5001, // 5000.5 → up
      reason: 'late_cancellation',
    });
  });

  it('refuses at and after the start', () => {
    expect(at({ now: '2026-04-10T05:59:59.999Z' })).toMatchObject({
      allowed: true,
      reason: 'late_cancellation',
    });
    expect(at({ now: START })).toMatchObject({
      allowed: false,
      feeCents: 0,
      reason: CancellationReason.AlreadyStarted,
    });
    expect(at({ now: '2026-04-10T08:00:00Z' })).toMatchObject({ allowed: false, reason: 'already_started' });
    expect(at({ now: START, cancelledBy: 'company' })).toMatchObject({
      allowed: false,
      reason: 'already_started',
    });
  });

  it('never charges for company cancellations', () => {
    expect(at({ now: '2026-04-10T05:00:00Z', cancelledBy: 'company' })).toMatchObject({
      allowed: true,
      feeCents: 0,
      reason: CancellationReason.CompanyCancellation,
    });
  });

  it('takes a configurable limit and fixed fee, capped at the total', () => {
    const policy = { freeUntilHoursBefore: 48, lateFee: { kind: 'fixed' as const, amountCents: 3000 } };
    expect(at({ now: '2026-04-08T06:00:00Z', policy }).feeCents).toBe(0);
    expect(at({ now: '2026-04-08T06:00:01Z', policy }).feeCents).toBe(3000);
    expect(at({ now: '2026-04-09T06:00:00Z', policy, totalCents: 2000 }).feeCents).toBe(2000);
    expect(at({ now: '2026-04-09T06:00:00Z', policy: { ...policy, freeUntilHoursBefore: 0 } })).toMatchObject(
      {
        feeCents: 0,
        reason: 'within_free_period',
      },
    );
  });

  it('counts real hours across a DST change', () => {
    // Start 2026-03-29 12:00+03:00, hours after spring-forward: 24 real hours earlier is
    // 2026-03-28 11:00+02:00, not 12:00 wall-clock.
    const start = new Date('2026-03-29T09:00:00Z');
    expect(at({ start, now: '2026-03-28T11:00:00+02:00' }).reason).toBe('within_free_period');
    expect(at({ start, now: '2026-03-28T11:00:01+02:00' }).reason).toBe('late_cancellation');
    expect(at({ start, now: '2026-03-28T12:00:00+02:00' }).reason).toBe('late_cancellation');
  });

  it('accepts Date objects', () => {
    expect(
      at({ now: new Date('2026-04-09T12:00:00Z'), start: new Date(START), totalCents: 8000 }).feeCents,
    ).toBe(4000);
  });

  it('rejects bad input', () => {
    expect(() => at({ now: 'soon' })).toThrow(CancellationPolicyError);
    expect(() => at({ now: '2026-04-09T12:00' })).toThrow(CancellationPolicyError); // no offset
    expect(() => at({ start: new Date(Number.NaN) })).toThrow(CancellationPolicyError);
    expect(() => at({ totalCents: -1 })).toThrow(CancellationPolicyError);
    expect(() => at({ totalCents: 1.5 })).toThrow(CancellationPolicyError);
    expect(() => at({ cancelledBy: 'provider' as 'customer', now: '2026-04-09T12:00:00Z' })).toThrow(
      CancellationPolicyError,
    );
    expect(() =>
      at({ policy: { freeUntilHoursBefore: -1, lateFee: { kind: 'percent', percentBp: 1 } } }),
    ).toThrow(CancellationPolicyError);
    expect(() =>
      at({ policy: { freeUntilHoursBefore: 24, lateFee: { kind: 'percent', percentBp: 10_001 } } }),
    ).toThrow(CancellationPolicyError);
    expect(() =>
      at({ policy: { freeUntilHoursBefore: 24, lateFee: { kind: 'fixed', amountCents: -5 } } }),
    ).toThrow(CancellationPolicyError);
  });
});
