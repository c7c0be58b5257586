import { evaluateVisitStart, VisitTimingError } from './visit-timing.js';

const SLOT = new Date('2026-04-10T06:00:00.000Z');
const at = (now: string, marginMinutes = 60) =>
  evaluateVisitStart({ now: new Date(now), start: SLOT, marginMinutes });

describe('evaluateVisitStart', () => {
  it('allows starting from exactly the margin before the slot, and any time after', () => {
    expect(at('2026-04-10T05:00:00.000Z')).toEqual({
      allowed: true,
      startableFrom: '2026-04-10T05:00:00.000Z',
    });
    expect(at('2026-04-10T06:00:00.000Z').allowed).toBe(true);
    expect(at('2026-04-10T09:30:00.000Z').allowed).toBe(true);
  });

  it('refuses 1 ms before the margin, and days before the slot', () => {
    expect(at('2026-04-10T04:59:59.999Z').allowed).toBe(false);
    expect(at('2026-03-26T06:00:00.000Z')).toEqual({
      allowed: false,
      startableFrom: '2026-04-10T05:00:00.000Z',
    });
  });

  it('with a 0 margin allows only from the slot itself', () => {
    expect(at('2026-04-10T05:59:59.999Z', 0).allowed).toBe(false);
    expect(at('2026-04-10T06:00:00.000Z', 0).allowed).toBe(true);
  });

  it('counts real minutes across a DST change', () => {
    // Helsinki moves to summer time on 2026-03-29 at 03:00 local (01:00Z).
    const start = new Date('2026-03-29T01:30:00Z');
    expect(evaluateVisitStart({ now: new Date('2026-03-29T00:30:00Z'), start, marginMinutes: 60 })).toEqual({
      allowed: true,
      startableFrom: '2026-03-29T00:30:00.000Z',
    });
  });

  it('refuses a negative or non-finite margin and invalid dates', () => {
    expect(() => at('2026-04-10T05:00:00Z', -1)).toThrow(VisitTimingError);
    expect(() => at('2026-04-10T05:00:00Z', Number.NaN)).toThrow(VisitTimingError);
    expect(() => evaluateVisitStart({ now: new Date('x'), start: SLOT, marginMinutes: 60 })).toThrow(
      VisitTimingError,
    );
  });
});
