import { dueDate, retainUntil } from './deadlines.js';

const helsinki = (iso: string) => new Date(iso);

describe('dueDate', () => {
  it('is one calendar month later, same time of day in Helsinki', () => {
    expect(dueDate(helsinki('2026-03-10T10:00:00+02:00')).toISOString()).toBe('2026-04-10T07:00:00.000Z');
  });

  it('falls on the last day of a shorter month', () => {
    expect(dueDate(helsinki('2026-01-31T12:00:00+02:00')).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(dueDate(helsinki('2028-01-31T12:00:00+02:00')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
  });

  it('counts the month in Finnish time, not UTC', () => {
    // 31 Jan 23:30 in Helsinki is still January there, though 21:30 UTC.
    expect(dueDate(helsinki('2026-01-31T23:30:00+02:00')).toISOString()).toBe('2026-02-28T21:30:00.000Z');
  });

  it('keeps the month end through an extension of one month', () => {
    expect(dueDate(helsinki('2026-01-31T12:00:00+02:00'), 1).toISOString()).toBe('2026-03-31T09:00:00.000Z');
    expect(dueDate(helsinki('2027-12-31T12:00:00+02:00'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
  });

  it('crosses the change to summer time without moving the hour in Helsinki', () => {
    // 10 March is winter time (+02), 10 April summer time (+03).
    expect(dueDate(helsinki('2026-03-10T10:00:00+02:00')).toISOString()).toBe('2026-04-10T07:00:00.000Z');
    expect(dueDate(helsinki('2026-10-10T10:00:00+03:00')).toISOString()).toBe('2026-11-10T08:00:00.000Z');
  });

  it('adds an extension of up to two further months', () => {
    expect(dueDate(helsinki('2026-01-31T12:00:00+02:00'), 2).toISOString()).toBe('2026-04-30T09:00:00.000Z');
  });
});

describe('retainUntil', () => {
  it('adds whole years, 29 February becoming 28 February', () => {
    expect(retainUntil(helsinki('2028-02-29T12:00:00+02:00'), 3)).toBe('2031-02-28');
  });
});
