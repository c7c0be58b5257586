import {
  isOccurrenceDate,
  occurrences,
  occurrencesToMaterialise,
  RecurrenceError,
  rescheduleOccurrence,
  skipOccurrence,
  splitSeries,
  type RecurringSeries,
} from './recurrence.js';

const weeklyTue: RecurringSeries = {
  rule: { kind: 'weekly' },
  start: '2026-03-17T09:00',
  durationMinutes: 180,
};

const starts = (s: RecurringSeries, from: string, to: string) => occurrences(s, from, to).map((o) => o.start);
const dates = (s: RecurringSeries, from: string, to: string) =>
  occurrences(s, from, to).map((o) => o.originalDate);

describe('occurrences', () => {
  describe('daylight saving time', () => {
    it('keeps 09:00 local across the spring change (29 March 2026)', () => {
      const list = occurrences(weeklyTue, '2026-03-16T00:00:00Z', '2026-04-08T00:00:00Z');
      expect(list.map((o) => o.start)).toEqual([
        '2026-03-17T07:00:00.000Z',
        '2026-03-24T07:00:00.000Z',
        '2026-03-31T06:00:00.000Z',
        '2026-04-07T06:00:00.000Z',
      ]);
      expect(list.map((o) => o.localStart)).toEqual([
        '2026-03-17T09:00:00+02:00',
        '2026-03-24T09:00:00+02:00',
        '2026-03-31T09:00:00+03:00',
        '2026-04-07T09:00:00+03:00',
      ]);
      expect(list[0]).toEqual({
        originalDate: '2026-03-17',
        originalStart: '2026-03-17T07:00:00.000Z',
        start: '2026-03-17T07:00:00.000Z',
        end: '2026-03-17T10:00:00.000Z',
        localStart: '2026-03-17T09:00:00+02:00',
        rescheduled: false,
      });
    });

    it('keeps 09:00 local across the autumn change (25 October 2026)', () => {
      const s: RecurringSeries = { ...weeklyTue, start: '2026-10-13T09:00' };
      expect(starts(s, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')).toEqual([
        '2026-10-13T06:00:00.000Z',
        '2026-10-20T06:00:00.000Z',
        '2026-10-27T07:00:00.000Z',
      ]);
    });

    it('keeps the wall-clock time on the change days themselves', () => {
      const sunday: RecurringSeries = { ...weeklyTue, start: '2026-03-22T09:00' };
      expect(occurrences(sunday, '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')[0].localStart).toBe(
        '2026-03-29T09:00:00+03:00',
      );
      const autumnSunday: RecurringSeries = { ...weeklyTue, start: '2026-10-18T09:00' };
      expect(occurrences(autumnSunday, '2026-10-25T00:00:00Z', '2026-10-26T00:00:00Z')[0].start).toBe(
        '2026-10-25T07:00:00.000Z',
      );
    });

    it('shifts a nonexistent 03:30 on the spring-forward day to 04:30 (+03:00)', () => {
      const s: RecurringSeries = { ...weeklyTue, start: '2026-03-22T03:30' };
      const list = occurrences(s, '2026-03-21T00:00:00Z', '2026-04-06T00:00:00Z');
      expect(list.map((o) => [o.originalDate, o.start, o.localStart])).toEqual([
        ['2026-03-22', '2026-03-22T01:30:00.000Z', '2026-03-22T03:30:00+02:00'],
        ['2026-03-29', '2026-03-29T01:30:00.000Z', '2026-03-29T04:30:00+03:00'],
        ['2026-04-05', '2026-04-05T00:30:00.000Z', '2026-04-05T03:30:00+03:00'],
      ]);
    });

    it('resolves an ambiguous 03:30 on the fall-back day to the later instant (+02:00)', () => {
      const s: RecurringSeries = { ...weeklyTue, start: '2026-10-18T03:30' };
      expect(starts(s, '2026-10-17T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual([
        '2026-10-18T00:30:00.000Z',
        '2026-10-25T01:30:00.000Z',
        '2026-11-01T01:30:00.000Z',
      ]);
    });

    it('measures duration in real minutes across the change', () => {
      const s: RecurringSeries = { ...weeklyTue, start: '2026-10-25T02:00', durationMinutes: 180 };
      const [o] = occurrences(s, '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z');
      expect([o.start, o.end]).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T02:00:00.000Z']);
    });
  });

  it('returns the half-open window [from, to) by start', () => {
    expect(starts(weeklyTue, '2026-03-24T07:00:00Z', '2026-03-31T06:00:00Z')).toEqual([
      '2026-03-24T07:00:00.000Z',
    ]);
    expect(starts(weeklyTue, '2026-03-24T07:00:00.001Z', '2026-03-31T06:00:00.001Z')).toEqual([
      '2026-03-31T06:00:00.000Z',
    ]);
    expect(starts(weeklyTue, '2026-01-01T00:00:00Z', '2026-03-17T07:00:00Z')).toEqual([]);
    expect(starts(weeklyTue, '2026-03-20T00:00:00+02:00', '2026-03-20T00:00:00+02:00')).toEqual([]);
  });

  it('skips an occurrence', () => {
    const s = { ...weeklyTue, skipped: ['2026-03-24'] };
    expect(dates(s, '2026-03-16T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-17', '2026-03-31']);
  });

  describe('rescheduling one occurrence', () => {
    const s: RecurringSeries = {
      ...weeklyTue,
      rescheduled: [{ originalDate: '2026-03-24', newStart: '2026-03-25T12:00', durationMinutes: 120 }],
    };

    it('moves it and keeps its original identity', () => {
      const list = occurrences(s, '2026-03-16T00:00:00Z', '2026-04-01T00:00:00Z');
      expect(list.map((o) => o.originalDate)).toEqual(['2026-03-17', '2026-03-24', '2026-03-31']);
      expect(list[1]).toEqual({
        originalDate: '2026-03-24',
        originalStart: '2026-03-24T07:00:00.000Z',
        start: '2026-03-25T10:00:00.000Z',
        end: '2026-03-25T12:00:00.000Z',
        localStart: '2026-03-25T12:00:00+02:00',
        rescheduled: true,
      });
    });

    it('filters and orders it by its new start', () => {
      expect(dates(s, '2026-03-25T00:00:00Z', '2026-03-26T00:00:00Z')).toEqual(['2026-03-24']);
      expect(dates(s, '2026-03-24T00:00:00Z', '2026-03-25T00:00:00Z')).toEqual([]);
      const later: RecurringSeries = {
        ...weeklyTue,
        rescheduled: [{ originalDate: '2026-03-24', newStart: '2026-04-01T08:00' }],
      };
      expect(dates(later, '2026-03-16T00:00:00Z', '2026-04-02T00:00:00Z')).toEqual([
        '2026-03-17',
        '2026-03-31',
        '2026-03-24',
      ]);
    });

    it('ignores a reschedule of a date the series does not have, or that is skipped', () => {
      const bogus: RecurringSeries = {
        ...weeklyTue,
        rescheduled: [{ originalDate: '2026-03-25', newStart: '2026-03-26T12:00' }],
      };
      expect(dates(bogus, '2026-03-16T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
        '2026-03-17',
        '2026-03-24',
        '2026-03-31',
      ]);
      expect(
        dates({ ...s, skipped: ['2026-03-24'] }, '2026-03-16T00:00:00Z', '2026-04-01T00:00:00Z'),
      ).toEqual(['2026-03-17', '2026-03-31']);
    });
  });

  it('pauses until a date (the resume date itself is delivered)', () => {
    const s = { ...weeklyTue, pausedUntil: '2026-04-07' };
    expect(dates(s, '2026-03-16T00:00:00Z', '2026-04-15T00:00:00Z')).toEqual(['2026-04-07', '2026-04-14']);
    expect(
      dates({ ...weeklyTue, pausedUntil: '2026-04-08' }, '2026-03-16T00:00:00Z', '2026-04-15T00:00:00Z'),
    ).toEqual(['2026-04-14']);
  });

  it('ends on a date (inclusive)', () => {
    const s = { ...weeklyTue, endsOn: '2026-03-31' };
    expect(dates(s, '2026-03-16T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-03-17',
      '2026-03-24',
      '2026-03-31',
    ]);
    expect(
      dates({ ...weeklyTue, endsOn: '2026-03-16' }, '2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z'),
    ).toEqual([]);
  });

  describe('every 2 and 4 weeks', () => {
    it('anchors to the start date', () => {
      const two: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'every_2_weeks' },
        start: '2026-03-24T09:00',
      };
      expect(dates(two, '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([
        '2026-03-24',
        '2026-04-07',
        '2026-04-21',
      ]);
      // A window that starts between two occurrences still lands on the anchored weeks.
      expect(dates(two, '2026-05-01T00:00:00Z', '2026-05-25T00:00:00Z')).toEqual([
        '2026-05-05',
        '2026-05-19',
      ]);
      const four: RecurringSeries = { ...two, rule: { kind: 'every_4_weeks' } };
      expect(dates(four, '2026-03-25T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([
        '2026-04-21',
        '2026-05-19',
        '2026-06-16',
      ]);
    });
  });

  describe('monthly by day', () => {
    it('puts the 31st on the last day of shorter months', () => {
      const s: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_day', day: 31 },
        start: '2026-01-31T10:00',
      };
      expect(dates(s, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([
        '2026-01-31',
        '2026-02-28',
        '2026-03-31',
        '2026-04-30',
        '2026-05-31',
        '2026-06-30',
      ]);
      const leap: RecurringSeries = { ...s, start: '2028-01-31T10:00' };
      expect(dates(leap, '2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z')).toEqual(['2028-02-29']);
    });

    it('starts at the first matching day on or after the start date', () => {
      const s: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_day', day: 15 },
        start: '2026-03-24T09:00',
      };
      expect(occurrences(s, '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z').map((o) => o.localStart)).toEqual(
        ['2026-04-15T09:00:00+03:00', '2026-05-15T09:00:00+03:00'],
      );
    });
  });

  describe('monthly by nth weekday', () => {
    it('takes the 2nd Tuesday', () => {
      const s: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_nth_weekday', nth: 2, weekday: 2 },
        start: '2026-03-01T09:00',
      };
      expect(dates(s, '2026-03-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([
        '2026-03-10',
        '2026-04-14',
        '2026-05-12',
        '2026-06-09',
      ]);
    });

    it('takes the 1st and 4th weekday, including when the month starts on it', () => {
      const first: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_nth_weekday', nth: 1, weekday: 3 },
        start: '2026-04-01T09:00',
      };
      expect(dates(first, '2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
        '2026-04-01',
        '2026-05-06',
      ]);
      const fourth: RecurringSeries = { ...first, rule: { kind: 'monthly_nth_weekday', nth: 4, weekday: 7 } };
      expect(dates(fourth, '2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
        '2026-04-26',
        '2026-05-24',
      ]);
    });

    it('takes the last weekday of the month', () => {
      const s: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_nth_weekday', nth: 'last', weekday: 5 },
        start: '2026-01-01T09:00',
      };
      expect(dates(s, '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
        '2026-01-30',
        '2026-02-27',
        '2026-03-27',
        '2026-04-24',
        '2026-05-29',
      ]);
      const lastTue: RecurringSeries = {
        ...s,
        rule: { kind: 'monthly_nth_weekday', nth: 'last', weekday: 2 },
      };
      expect(dates(lastTue, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-31']);
    });

    it('skips a matching day before the start date', () => {
      const s: RecurringSeries = {
        ...weeklyTue,
        rule: { kind: 'monthly_nth_weekday', nth: 2, weekday: 2 },
        start: '2026-03-24T09:00',
      };
      expect(dates(s, '2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual(['2026-04-14']);
    });
  });

  it('rejects bad input', () => {
    const bad =
      (s: Partial<RecurringSeries>, from = '2026-01-01T00:00:00Z', to = '2026-02-01T00:00:00Z') =>
      () =>
        occurrences({ ...weeklyTue, ...s }, from, to);
    expect(bad({ start: '2026-03-17T09:00:00+02:00' })).toThrow(RecurrenceError);
    expect(bad({ start: '2026-02-30T09:00' })).toThrow(RecurrenceError);
    expect(bad({ start: '2026-03-17T24:00' })).toThrow(RecurrenceError);
    expect(bad({ durationMinutes: 0 })).toThrow(RecurrenceError);
    expect(bad({ rule: { kind: 'monthly_day', day: 32 } })).toThrow(RecurrenceError);
    expect(bad({ rule: { kind: 'monthly_nth_weekday', nth: 5 as 4, weekday: 2 } })).toThrow(RecurrenceError);
    expect(bad({ rule: { kind: 'monthly_nth_weekday', nth: 1, weekday: 0 as 1 } })).toThrow(RecurrenceError);
    expect(bad({ rule: { kind: 'daily' } as unknown as RecurringSeries['rule'] })).toThrow(RecurrenceError);
    expect(bad({ skipped: ['24.3.2026'] })).toThrow(RecurrenceError);
    expect(bad({ endsOn: '2026-13-01' })).toThrow(RecurrenceError);
    expect(
      bad({
        rescheduled: [
          { originalDate: '2026-03-24', newStart: '2026-03-25T09:00' },
          { originalDate: '2026-03-24', newStart: '2026-03-26T09:00' },
        ],
      }),
    ).toThrow(RecurrenceError);
    expect(bad({}, '2026-01-01T00:00:00', '2026-02-01T00:00:00Z')).toThrow(RecurrenceError);
    expect(bad({}, '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toThrow(RecurrenceError);
  });
});

describe('skipOccurrence and rescheduleOccurrence', () => {
  it('record exceptions for real occurrences only', () => {
    const skipped = skipOccurrence(weeklyTue, '2026-03-31');
    expect(skipped.skipped).toEqual(['2026-03-31']);
    expect(skipOccurrence(skipped, '2026-03-31')).toBe(skipped);
    expect(() => skipOccurrence(weeklyTue, '2026-03-30')).toThrow(RecurrenceError);
    expect(() => skipOccurrence(weeklyTue, '2026-03-10')).toThrow(RecurrenceError); // before start

    const moved = rescheduleOccurrence(weeklyTue, '2026-03-24', '2026-03-25T09:00');
    const movedAgain = rescheduleOccurrence(moved, '2026-03-24', '2026-03-26T10:00', 90);
    expect(movedAgain.rescheduled).toEqual([
      { originalDate: '2026-03-24', newStart: '2026-03-26T10:00', durationMinutes: 90 },
    ]);
    expect(() => rescheduleOccurrence(weeklyTue, '2026-03-25', '2026-03-26T09:00')).toThrow(RecurrenceError);
    expect(() => rescheduleOccurrence(weeklyTue, '2026-03-24', '2026-03-26 09:00')).toThrow(RecurrenceError);
    expect(() => rescheduleOccurrence(weeklyTue, '2026-03-24', '2026-03-26T09:00', -5)).toThrow(
      RecurrenceError,
    );
  });

  it('isOccurrenceDate follows the rule, start and end', () => {
    expect(isOccurrenceDate(weeklyTue, '2026-03-24')).toBe(true);
    expect(isOccurrenceDate(weeklyTue, '2026-03-25')).toBe(false);
    expect(isOccurrenceDate(weeklyTue, '2026-03-10')).toBe(false);
    expect(isOccurrenceDate({ ...weeklyTue, endsOn: '2026-03-20' }, '2026-03-24')).toBe(false);
  });
});

describe('splitSeries (this and future)', () => {
  const base: RecurringSeries & { id: string } = {
    id: 'series-1',
    rule: { kind: 'weekly' },
    start: '2026-03-24T09:00',
    durationMinutes: 180,
    skipped: ['2026-03-31', '2026-04-21'],
    rescheduled: [
      { originalDate: '2026-04-07', newStart: '2026-04-08T09:00' },
      { originalDate: '2026-04-28', newStart: '2026-04-29T09:00' },
    ],
    endsOn: '2026-12-31',
  };

  it('moves future occurrences to a new day and time', () => {
    const [old, next] = splitSeries(base, '2026-04-14', { start: '2026-04-15T10:00' });
    expect(old).toMatchObject({
      id: 'series-1',
      start: '2026-03-24T09:00',
      endsOn: '2026-04-13',
      skipped: ['2026-03-31'],
      rescheduled: [{ originalDate: '2026-04-07', newStart: '2026-04-08T09:00' }],
    });
    expect(next).toMatchObject({
      start: '2026-04-15T10:00',
      endsOn: '2026-12-31',
      skipped: [],
      rescheduled: [],
    });
    const window = ['2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z'] as const;
    const all = [...occurrences(old, ...window), ...occurrences(next, ...window)].map((o) => o.localStart);
    expect(all).toEqual([
      '2026-03-24T09:00:00+02:00',
      '2026-04-08T09:00:00+03:00',
      '2026-04-15T10:00:00+03:00',
      '2026-04-22T10:00:00+03:00',
      '2026-04-29T10:00:00+03:00',
    ]);
  });

  it('keeps future exceptions when only the duration changes', () => {
    const [old, next] = splitSeries(base, '2026-04-14', { durationMinutes: 240 });
    expect(next).toMatchObject({
      start: '2026-04-14T09:00',
      durationMinutes: 240,
      skipped: ['2026-04-21'],
      rescheduled: [{ originalDate: '2026-04-28', newStart: '2026-04-29T09:00' }],
    });
    expect(old.durationMinutes).toBe(180);
    const [o] = occurrences(next, '2026-04-14T00:00:00Z', '2026-04-15T00:00:00Z');
    expect([o.start, o.end]).toEqual(['2026-04-14T06:00:00.000Z', '2026-04-14T10:00:00.000Z']);
  });

  it('changes the rule, anchored at the split', () => {
    const [, next] = splitSeries(base, '2026-04-14', { rule: { kind: 'every_2_weeks' }, endsOn: null });
    expect(next.endsOn).toBeNull();
    expect(dates(next, '2026-04-01T00:00:00Z', '2026-05-20T00:00:00Z')).toEqual([
      '2026-04-14',
      '2026-04-28',
      '2026-05-12',
    ]);
  });

  it('splitting at the first occurrence leaves an empty old series', () => {
    const [old] = splitSeries(base, '2026-03-24', {});
    expect(old.endsOn).toBe('2026-03-23');
    expect(occurrences(old, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);
  });

  it('rejects splits that are not at an occurrence or would overlap', () => {
    expect(() => splitSeries(base, '2026-04-15', {})).toThrow(RecurrenceError);
    expect(() => splitSeries(base, '2027-01-05', {})).toThrow(RecurrenceError); // after endsOn
    expect(() => splitSeries(base, '2026-04-14', { start: '2026-04-07T10:00' })).toThrow(RecurrenceError);
    expect(splitSeries(base, '2026-04-14', { start: '2026-04-08T10:00' })[1].start).toBe('2026-04-08T10:00');
    expect(() => splitSeries(base, '2026-04-14', { endsOn: '2026-04-01' })).toThrow(RecurrenceError);
    expect(() => splitSeries(base, '2026-04-14', { durationMinutes: 0 })).toThrow(RecurrenceError);
    expect(() => splitSeries(base, '2026-04-14', { rule: { kind: 'monthly_day', day: 0 } })).toThrow(
      RecurrenceError,
    );
  });
});

describe('occurrencesToMaterialise', () => {
  const now = '2026-03-20T00:00:00Z';

  it('returns the occurrences in the horizon', () => {
    expect(occurrencesToMaterialise(weeklyTue, now, 4, []).map((o) => o.originalDate)).toEqual([
      '2026-03-24',
      '2026-03-31',
      '2026-04-07',
      '2026-04-14',
    ]);
    expect(occurrencesToMaterialise(weeklyTue, now, 0, [])).toEqual([]);
  });

  it('is idempotent by original start', () => {
    const first = occurrencesToMaterialise(weeklyTue, now, 4, []);
    const done = first.map((o) => o.originalStart);
    expect(occurrencesToMaterialise(weeklyTue, now, 4, done)).toEqual([]);
    expect(occurrencesToMaterialise(weeklyTue, now, 5, done).map((o) => o.originalDate)).toEqual([
      '2026-04-21',
    ]);
  });

  it('matches keys written with an offset and ignores later reschedules', () => {
    const done = ['2026-03-24T09:00:00+02:00', '2026-03-31T09:00:00+03:00'];
    expect(occurrencesToMaterialise(weeklyTue, now, 2, done)).toEqual([]);
    const moved = rescheduleOccurrence(weeklyTue, '2026-03-31', '2026-04-01T12:00');
    expect(occurrencesToMaterialise(moved, now, 2, done)).toEqual([]);
  });

  it('rejects bad input', () => {
    expect(() => occurrencesToMaterialise(weeklyTue, now, -1, [])).toThrow(RecurrenceError);
    expect(() => occurrencesToMaterialise(weeklyTue, now, 1.5, [])).toThrow(RecurrenceError);
    expect(() => occurrencesToMaterialise(weeklyTue, 'now', 1, [])).toThrow(RecurrenceError);
    expect(() => occurrencesToMaterialise(weeklyTue, now, 1, ['garbage'])).toThrow(RecurrenceError);
  });
});
