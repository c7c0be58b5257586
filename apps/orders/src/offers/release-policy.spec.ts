import { evaluateRelease, ReleasePolicyError } from './release-policy.js';

const START = new Date('2026-04-10T06:00:00.000Z');
const at = (now: string, hoursBefore = 24) =>
  evaluateRelease({ now: new Date(now), start: START, hoursBefore });

describe('evaluateRelease', () => {
  it('allows releasing until exactly the configured hours before the start', () => {
    expect(at('2026-04-01T00:00:00Z')).toEqual({
      allowed: true,
      releasableUntil: '2026-04-09T06:00:00.000Z',
    });
    expect(at('2026-04-09T06:00:00.000Z').allowed).toBe(true);
  });

  it('refuses 1 ms after the limit, and at or after the start', () => {
    expect(at('2026-04-09T06:00:00.001Z').allowed).toBe(false);
    expect(at('2026-04-10T06:00:00.000Z').allowed).toBe(false);
    expect(at('2026-04-11T06:00:00.000Z').allowed).toBe(false);
  });

  it('with 0 hours allows until just before the start, never at it', () => {
    expect(at('2026-04-10T05:59:59.999Z', 0).allowed).toBe(true);
    expect(at('2026-04-10T06:00:00.000Z', 0).allowed).toBe(false);
  });

  it('counts real hours across a DST change', () => {
    // Helsinki moves to summer time on 2026-03-29 03:00; 24 h before 2026-03-29T10:00Z is 03-28T10:00Z.
    const start = new Date('2026-03-29T10:00:00Z');
    expect(evaluateRelease({ now: new Date('2026-03-28T10:00:00Z'), start, hoursBefore: 24 })).toEqual({
      allowed: true,
      releasableUntil: '2026-03-28T10:00:00.000Z',
    });
  });

  it('rejects a bad configuration or date', () => {
    expect(() => at('2026-04-01T00:00:00Z', -1)).toThrow(ReleasePolicyError);
    expect(() => at('2026-04-01T00:00:00Z', Number.NaN)).toThrow(ReleasePolicyError);
    expect(() => at('not a date')).toThrow(ReleasePolicyError);
  });
});
