/**
 * Recurring cleaning series: pure occurrence arithmetic in Europe/Helsinki local time.
 *
 * Conventions
 * - A series' `start` is a local wall-clock date-time without offset ('2026-03-24T09:00').
 *   Every occurrence keeps that wall-clock time, so its UTC offset follows DST
 *   (09:00 is 07:00Z in winter and 06:00Z in summer).
 * - On the spring-forward day a nonexistent time (03:00–03:59 on the last Sunday of March) is
 *   moved forward by the gap, as luxon does: 03:30 becomes 04:30 (+03:00). On the fall-back day
 *   an ambiguous time (03:00–03:59 on the last Sunday of October) resolves, as luxon does, to
 *   the later instant, the one at standard time (+02:00).
 * - The start is the first possible occurrence. Week-based rules are anchored to the start date
 *   (every 2 weeks = the start date, +14 days, …). Month-based rules give the matching day of
 *   each month on or after the start date: `monthly_day` 29–31 falls on the month's last day
 *   in shorter months (31st → 30 April, 28/29 February); `monthly_nth_weekday` takes the 1st–4th
 *   or the last such weekday of the month.
 * - An occurrence is identified by its original local date (`originalDate`, one per day at
 *   most) or, equivalently, its `originalStart` instant. Exceptions refer to original dates:
 *   `skipped` removes one, `rescheduled` moves one to a new local start. `pausedUntil` is the
 *   first date on which occurrences resume (originals before it are suppressed); `endsOn` is
 *   the last date an original may fall on (inclusive). Skip, pause and end all apply to the
 *   original date, so a rescheduled occurrence stays if its original date is kept.
 * - Durations are real elapsed minutes: end = start + duration, even across a DST change.
 */
import { DateTime } from 'luxon';

export const SERIES_TIME_ZONE = 'Europe/Helsinki';

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type NthWeekday = 1 | 2 | 3 | 4 | 'last';

export type RecurrenceRule =
  | { readonly kind: 'weekly' }
  | { readonly kind: 'every_2_weeks' }
  | { readonly kind: 'every_4_weeks' }
  | { readonly kind: 'monthly_day'; readonly day: number }
  | { readonly kind: 'monthly_nth_weekday'; readonly nth: NthWeekday; readonly weekday: Weekday };

export interface RescheduledOccurrence {
  /** Original local date of the occurrence being moved ('YYYY-MM-DD'). */
  readonly originalDate: string;
  /** New local start ('YYYY-MM-DDTHH:mm'). */
  readonly newStart: string;
  /** Overrides the series' duration for this occurrence only. */
  readonly durationMinutes?: number;
}

export interface RecurringSeries {
  readonly rule: RecurrenceRule;
  /** Local start ('YYYY-MM-DDTHH:mm', Europe/Helsinki, no offset). */
  readonly start: string;
  readonly durationMinutes: number;
  readonly skipped?: readonly string[];
  readonly rescheduled?: readonly RescheduledOccurrence[];
  readonly pausedUntil?: string | null;
  readonly endsOn?: string | null;
}

export interface Occurrence {
  /** Original local date: the occurrence's identity. */
  readonly originalDate: string;
  /** Original start as a UTC ISO instant: the idempotency key for materialisation. */
  readonly originalStart: string;
  /** Effective start and end as UTC ISO instants (differ from the original when rescheduled). */
  readonly start: string;
  readonly end: string;
  /** Effective start in Helsinki time with its offset, e.g. '2026-03-31T09:00:00+03:00'. */
  readonly localStart: string;
  readonly rescheduled: boolean;
}

export interface SeriesChanges {
  readonly rule?: RecurrenceRule;
  /** New local start for the new series; defaults to the split occurrence's date at the old time. */
  readonly start?: string;
  readonly durationMinutes?: number;
  readonly endsOn?: string | null;
}

export class RecurrenceError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RecurrenceError';
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** A calendar date, held as midnight UTC so date arithmetic never meets a DST change. */
type CalendarDate = DateTime;

function parseDate(value: string, what: string): CalendarDate {
  const d = DATE_RE.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!d?.isValid) throw new RecurrenceError(`${what} must be a valid YYYY-MM-DD date`);
  return d;
}

interface LocalDateTime {
  readonly date: CalendarDate;
  readonly hour: number;
  readonly minute: number;
}

function parseLocalDateTime(value: string, what: string): LocalDateTime {
  const m = LOCAL_DATE_TIME_RE.exec(value);
  if (!m) throw new RecurrenceError(`${what} must be a local date-time YYYY-MM-DDTHH:mm without offset`);
  const [hour, minute] = [Number(m[2]), Number(m[3])];
  if (hour > 23 || minute > 59) throw new RecurrenceError(`${what} has an invalid time`);
  return { date: parseDate(m[1], what), hour, minute };
}

function parseInstant(value: string, what: string): DateTime {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new RecurrenceError(`${what} must be an ISO instant with an offset or Z`);
  }
  return dt;
}

function isoDate(d: CalendarDate): string {
  return d.toISODate() ?? '';
}

function atLocal(date: CalendarDate, hour: number, minute: number): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: SERIES_TIME_ZONE },
  );
}

function utcIso(dt: DateTime): string {
  return dt.toUTC().toISO() ?? '';
}

function validateRule(rule: RecurrenceRule): void {
  switch (rule.kind) {
    case 'weekly':
    case 'every_2_weeks':
    case 'every_4_weeks':
      return;
    case 'monthly_day':
      if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31) {
        throw new RecurrenceError('monthly_day needs a day between 1 and 31');
      }
      return;
    case 'monthly_nth_weekday':
      if (![1, 2, 3, 4, 'last'].includes(rule.nth)) throw new RecurrenceError('nth must be 1–4 or last');
      if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7) {
        throw new RecurrenceError('weekday must be 1 (Monday) to 7 (Sunday)');
      }
      return;
    default:
      throw new RecurrenceError('unknown recurrence rule');
  }
}

function validateDuration(minutes: number, what: string): void {
  if (!Number.isSafeInteger(minutes) || minutes <= 0)
    throw new RecurrenceError(`${what} must be a positive integer`);
}

interface ParsedSeries {
  readonly rule: RecurrenceRule;
  readonly start: LocalDateTime;
  readonly durationMinutes: number;
  readonly skipped: ReadonlySet<string>;
  readonly rescheduled: ReadonlyMap<string, { start: LocalDateTime; durationMinutes: number }>;
  readonly pausedUntil: CalendarDate | null;
  readonly endsOn: CalendarDate | null;
}

function parseSeries(series: RecurringSeries): ParsedSeries {
  validateRule(series.rule);
  validateDuration(series.durationMinutes, 'durationMinutes');
  const skipped = new Set((series.skipped ?? []).map((d) => isoDate(parseDate(d, 'skipped date'))));
  const rescheduled = new Map<string, { start: LocalDateTime; durationMinutes: number }>();
  for (const r of series.rescheduled ?? []) {
    const key = isoDate(parseDate(r.originalDate, 'rescheduled originalDate'));
    if (rescheduled.has(key)) throw new RecurrenceError('an occurrence is rescheduled twice');
    const durationMinutes = r.durationMinutes ?? series.durationMinutes;
    validateDuration(durationMinutes, 'rescheduled durationMinutes');
    rescheduled.set(key, { start: parseLocalDateTime(r.newStart, 'rescheduled newStart'), durationMinutes });
  }
  return {
    rule: series.rule,
    start: parseLocalDateTime(series.start, 'start'),
    durationMinutes: series.durationMinutes,
    skipped,
    rescheduled,
    pausedUntil: series.pausedUntil ? parseDate(series.pausedUntil, 'pausedUntil') : null,
    endsOn: series.endsOn ? parseDate(series.endsOn, 'endsOn') : null,
  };
}

function weekInterval(rule: RecurrenceRule): number | null {
  switch (rule.kind) {
    case 'weekly':
      return 1;
    case 'every_2_weeks':
      return 2;
    case 'every_4_weeks':
      return 4;
    default:
      return null;
  }
}

function dateInMonth(rule: RecurrenceRule, monthStart: CalendarDate): CalendarDate {
  const days = monthStart.daysInMonth ?? 28;
  if (rule.kind === 'monthly_day') return monthStart.set({ day: Math.min(rule.day, days) });
  if (rule.kind !== 'monthly_nth_weekday') throw new RecurrenceError('not a monthly rule');
  if (rule.nth === 'last') {
    const last = monthStart.set({ day: days });
    return last.minus({ days: (last.weekday - rule.weekday + 7) % 7 });
  }
  const first = monthStart.plus({ days: (rule.weekday - monthStart.weekday + 7) % 7 });
  return first.plus({ weeks: rule.nth - 1 });
}

/** Original dates of the rule within [from, to], clipped to the series' start and end. */
function ruleDates(s: ParsedSeries, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const lo = from < s.start.date ? s.start.date : from;
  const hi = s.endsOn && s.endsOn < to ? s.endsOn : to;
  const out: CalendarDate[] = [];
  if (hi < lo) return out;
  const weeks = weekInterval(s.rule);
  if (weeks !== null) {
    const step = weeks * 7;
    const offset = Math.round(lo.diff(s.start.date, 'days').days);
    let d = s.start.date.plus({ days: Math.ceil(offset / step) * step });
    for (; d <= hi; d = d.plus({ days: step })) out.push(d);
    return out;
  }
  for (let m = lo.startOf('month'); m <= hi; m = m.plus({ months: 1 })) {
    const d = dateInMonth(s.rule, m);
    if (d >= lo && d <= hi) out.push(d);
  }
  return out;
}

function isRuleDate(s: ParsedSeries, date: CalendarDate): boolean {
  return ruleDates(s, date, date).length === 1;
}

function isSuppressed(s: ParsedSeries, date: CalendarDate): boolean {
  return s.skipped.has(isoDate(date)) || (s.pausedUntil !== null && date < s.pausedUntil);
}

function build(
  original: CalendarDate,
  s: ParsedSeries,
  moved?: { start: LocalDateTime; durationMinutes: number },
): { occurrence: Occurrence; startMillis: number } {
  const originalStart = atLocal(original, s.start.hour, s.start.minute);
  const start = moved ? atLocal(moved.start.date, moved.start.hour, moved.start.minute) : originalStart;
  const end = start.plus({ minutes: moved?.durationMinutes ?? s.durationMinutes });
  return {
    startMillis: start.toMillis(),
    occurrence: {
      originalDate: isoDate(original),
      originalStart: utcIso(originalStart),
      start: utcIso(start),
      end: utcIso(end),
      localStart: start.toISO({ suppressMilliseconds: true }) ?? '',
      rescheduled: moved !== undefined,
    },
  };
}

function localDateOf(instant: DateTime): CalendarDate {
  const local = instant.setZone(SERIES_TIME_ZONE);
  return DateTime.utc(local.year, local.month, local.day);
}

function occurrencesOf(s: ParsedSeries, from: DateTime, to: DateTime): Occurrence[] {
  const lo = from.toMillis();
  const hi = to.toMillis();
  const found: { occurrence: Occurrence; startMillis: number }[] = [];
  for (const date of ruleDates(s, localDateOf(from), localDateOf(to))) {
    if (isSuppressed(s, date) || s.rescheduled.has(isoDate(date))) continue;
    found.push(build(date, s));
  }
  for (const [original, moved] of s.rescheduled) {
    const date = parseDate(original, 'rescheduled originalDate');
    // A reschedule of a date the rule never produces (or that is skipped/paused/ended) is inert.
    if (!isRuleDate(s, date) || isSuppressed(s, date)) continue;
    found.push(build(date, s, moved));
  }
  return found
    .filter((f) => f.startMillis >= lo && f.startMillis < hi)
    .sort(
      (a, b) =>
        a.startMillis - b.startMillis || a.occurrence.originalStart.localeCompare(b.occurrence.originalStart),
    )
    .map((f) => f.occurrence);
}

/** Occurrences whose effective start lies in [fromUtc, toUtc), ordered by start. */
export function occurrences(series: RecurringSeries, fromUtc: string, toUtc: string): Occurrence[] {
  const s = parseSeries(series);
  const from = parseInstant(fromUtc, 'fromUtc');
  const to = parseInstant(toUtc, 'toUtc');
  if (to < from) throw new RecurrenceError('toUtc is before fromUtc');
  return occurrencesOf(s, from, to);
}

/**
 * The occurrences starting in [now, now + weeksAhead weeks) that have not been materialised
 * yet, judged by original start, so running the job again creates nothing new — also for an
 * occurrence rescheduled after it was materialised.
 */
export function occurrencesToMaterialise(
  series: RecurringSeries,
  now: string,
  weeksAhead: number,
  alreadyMaterialisedOriginalStarts: Iterable<string>,
): Occurrence[] {
  if (!Number.isSafeInteger(weeksAhead) || weeksAhead < 0) {
    throw new RecurrenceError('weeksAhead must be a non-negative integer');
  }
  const from = parseInstant(now, 'now');
  const done = new Set<string>();
  for (const key of alreadyMaterialisedOriginalStarts) {
    done.add(utcIso(parseInstant(key, 'materialised originalStart')));
  }
  const to = from.setZone(SERIES_TIME_ZONE).plus({ weeks: weeksAhead });
  return occurrencesOf(parseSeries(series), from, to).filter((o) => !done.has(o.originalStart));
}

/** True when the rule produces an original occurrence on this local date (skips ignored). */
export function isOccurrenceDate(series: RecurringSeries, originalDate: string): boolean {
  return isRuleDate(parseSeries(series), parseDate(originalDate, 'originalDate'));
}

function requireOccurrence(s: ParsedSeries, originalDate: string): CalendarDate {
  const date = parseDate(originalDate, 'originalDate');
  if (!isRuleDate(s, date)) throw new RecurrenceError('the series has no occurrence on that date');
  return date;
}

/** Returns the series with one occurrence skipped. */
export function skipOccurrence<S extends RecurringSeries>(series: S, originalDate: string): S {
  const s = parseSeries(series);
  const key = isoDate(requireOccurrence(s, originalDate));
  if (s.skipped.has(key)) return series;
  return { ...series, skipped: [...(series.skipped ?? []), key].sort() };
}

/** Returns the series with one occurrence moved to a new local start (replacing an earlier move). */
export function rescheduleOccurrence<S extends RecurringSeries>(
  series: S,
  originalDate: string,
  newStart: string,
  durationMinutes?: number,
): S {
  const s = parseSeries(series);
  const key = isoDate(requireOccurrence(s, originalDate));
  parseLocalDateTime(newStart, 'newStart');
  if (durationMinutes !== undefined) validateDuration(durationMinutes, 'durationMinutes');
  const entry: RescheduledOccurrence =
    durationMinutes === undefined
      ? { originalDate: key, newStart }
      : { originalDate: key, newStart, durationMinutes };
  const rest = (series.rescheduled ?? []).filter((r) => r.originalDate !== key);
  return {
    ...series,
    rescheduled: [...rest, entry].sort((a, b) => a.originalDate.localeCompare(b.originalDate)),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * "This and future" change: ends the series the day before `fromOccurrence` (an original local
 * date of the series) and starts a new series with the changes from there. Exceptions before
 * the split stay with the old series; later ones move to the new series only when its rule and
 * start are unchanged (otherwise their dates no longer mean the same occurrences). A moved
 * start must fall after the old series' last occurrence so the two never overlap. Extra fields
 * (e.g. an id) are copied to both; give the new series its own id.
 */
export function splitSeries<S extends RecurringSeries>(
  series: S,
  fromOccurrence: string,
  changes: SeriesChanges,
): [S, S] {
  const s = parseSeries(series);
  const splitDate = requireOccurrence(s, fromOccurrence);
  const splitKey = isoDate(splitDate);
  const oldEnd = splitDate.minus({ days: 1 });

  const newStart = changes.start ?? `${splitKey}T${pad(s.start.hour)}:${pad(s.start.minute)}`;
  const newStartParsed = parseLocalDateTime(newStart, 'changes.start');
  // Month rules are at most ~5 weeks apart, so 70 days back always reaches the previous one.
  const previous = ruleDates(s, splitDate.minus({ days: 70 }), oldEnd).at(-1);
  if (previous && newStartParsed.date <= previous) {
    throw new RecurrenceError('the new series must start after the last occurrence of the old one');
  }
  if (changes.rule) validateRule(changes.rule);
  if (changes.durationMinutes !== undefined)
    validateDuration(changes.durationMinutes, 'changes.durationMinutes');
  const endsOn = changes.endsOn !== undefined ? changes.endsOn : (series.endsOn ?? null);
  if (endsOn && parseDate(endsOn, 'changes.endsOn') < newStartParsed.date) {
    throw new RecurrenceError('the new series would end before it starts');
  }

  const before = (d: string) => d < splitKey;
  const keepFuture = changes.rule === undefined && changes.start === undefined;
  const oldSeries: S = {
    ...series,
    endsOn: isoDate(oldEnd),
    skipped: (series.skipped ?? []).filter(before),
    rescheduled: (series.rescheduled ?? []).filter((r) => before(r.originalDate)),
  };
  const newSeries: S = {
    ...series,
    rule: changes.rule ?? series.rule,
    start: newStart,
    durationMinutes: changes.durationMinutes ?? series.durationMinutes,
    endsOn,
    skipped: keepFuture ? (series.skipped ?? []).filter((d) => !before(d)) : [],
    rescheduled: keepFuture ? (series.rescheduled ?? []).filter((r) => !before(r.originalDate)) : [],
  };
  parseSeries(newSeries);
  return [oldSeries, newSeries];
}
