/**
 * Finnish personal identity code (henkilötunnus, HETU): `DDMMYY` + century sign + individual
 * number `NNN` + check character, e.g. `131052-308T`.
 *
 * Input handling (deliberate choices):
 * - Surrounding whitespace is stripped; nothing inside the code is touched.
 * - Lower-case letters are accepted and upper-cased (people type on phones; the letters are
 *   unambiguous). The canonical `code` returned is always upper case. Store and blind-index
 *   only the canonical form.
 * - The century sign is never normalised: `-` and `Y` (or `A` and `B`) with the same digits are
 *   different people, so `010594-9032` and `010594Y9032` stay distinct codes.
 *
 * Nothing here puts the code (or any part of it) into an error text; callers get a reason enum.
 */

export enum IdentityCodeError {
  /** Not 11 characters of the shape DDMMYY?NNNX. */
  FORMAT = 'FORMAT',
  /** The 7th character is not one of the defined century signs. */
  CENTURY_SIGN = 'CENTURY_SIGN',
  /** DDMMYY with the century is not a real calendar date. */
  DATE = 'DATE',
  /** Individual number 000 or 001 (never issued). */
  INDIVIDUAL_NUMBER = 'INDIVIDUAL_NUMBER',
  /** Individual number 900–999 (temporary code) and `allowTemporary` is not set. */
  TEMPORARY = 'TEMPORARY',
  /** Check character does not match. */
  CHECKSUM = 'CHECKSUM',
  /** Birth date is after today. */
  FUTURE_DATE = 'FUTURE_DATE',
}

/** Human-readable reasons, safe to show and log: they never contain the code. */
export const IDENTITY_CODE_ERROR_MESSAGES: Readonly<Record<IdentityCodeError, string>> = {
  [IdentityCodeError.FORMAT]: 'expected 11 characters in the form DDMMYYCNNNX',
  [IdentityCodeError.CENTURY_SIGN]: 'the century sign is not one of + - Y X W V U A B C D E F',
  [IdentityCodeError.DATE]: 'the date of birth is not a real date',
  [IdentityCodeError.INDIVIDUAL_NUMBER]: 'the individual number is never issued',
  [IdentityCodeError.TEMPORARY]: 'temporary identity codes are not accepted',
  [IdentityCodeError.CHECKSUM]: 'the check character does not match',
  [IdentityCodeError.FUTURE_DATE]: 'the date of birth is in the future',
};

export type Sex = 'female' | 'male';

export interface IdentityCode {
  /** Canonical form: trimmed, upper case, century sign as given. */
  readonly code: string;
  /** ISO calendar date `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly sex: Sex;
  /** Individual number 900–999. */
  readonly temporary: boolean;
}

export type IdentityCodeResult =
  | { readonly ok: true; readonly value: IdentityCode }
  | { readonly ok: false; readonly reason: IdentityCodeError };

export interface ParseIdentityCodeOptions {
  /** Accept temporary codes (individual number 900–999). Default false. */
  readonly allowTemporary?: boolean;
  /**
   * "Today" for the future-date check. A Date is read as a calendar date in Europe/Helsinki;
   * a string must be `YYYY-MM-DD`. Default: now.
   */
  readonly today?: Date | string;
}

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Century sign → first year of the century. */
export const CENTURY_SIGNS: ReadonlyMap<string, number> = new Map([
  ['+', 1800],
  ...[...'-YXWVU'].map((sign): [string, number] => [sign, 1900]),
  ...[...'ABCDEF'].map((sign): [string, number] => [sign, 2000]),
]);

// Shape only; the century sign and the check character are judged separately for a precise reason.
const SHAPE = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Z])$/;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIdentityCode(
  input: unknown,
  options: ParseIdentityCodeOptions = {},
): IdentityCodeResult {
  if (typeof input !== 'string') return fail(IdentityCodeError.FORMAT);
  const code = input.trim().toUpperCase();
  const m = SHAPE.exec(code);
  if (!m) return fail(IdentityCodeError.FORMAT);
  const [, dd, mm, yy, sign, nnn, check] = m;

  const century = CENTURY_SIGNS.get(sign);
  if (century === undefined) return fail(IdentityCodeError.CENTURY_SIGN);

  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  if (!isCalendarDate(year, month, day)) return fail(IdentityCodeError.DATE);

  const individual = Number(nnn);
  if (individual < 2) return fail(IdentityCodeError.INDIVIDUAL_NUMBER);

  const expected = CHECK_CHARACTERS[Number(dd + mm + yy + nnn) % 31];
  if (check !== expected) return fail(IdentityCodeError.CHECKSUM);

  const temporary = individual >= 900;
  if (temporary && !options.allowTemporary) return fail(IdentityCodeError.TEMPORARY);

  const birthDate = `${String(year).padStart(4, '0')}-${mm}-${dd}`;
  // ISO dates compare correctly as strings.
  if (birthDate > todayIso(options.today)) return fail(IdentityCodeError.FUTURE_DATE);

  return {
    ok: true,
    value: { code, birthDate, sex: individual % 2 === 0 ? 'female' : 'male', temporary },
  };
}

export function isValidIdentityCode(input: unknown, options: ParseIdentityCodeOptions = {}): boolean {
  return parseIdentityCode(input, options).ok;
}

/**
 * Masked form for responses and staff screens: date of birth and century sign stay visible (staff
 * need them to tell customers apart), the individual number and check character never are:
 * `131052-308T` → `131052-****`. Anything that does not have the code's shape is masked whole,
 * so a malformed value can't leak either.
 */
export function maskIdentityCode(code: string): string {
  const normalised = typeof code === 'string' ? code.trim().toUpperCase() : '';
  if (!SHAPE.test(normalised)) return '*'.repeat(11);
  return `${normalised.slice(0, 7)}****`;
}

function fail(reason: IdentityCodeError): IdentityCodeResult {
  return { ok: false, reason };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const helsinkiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function todayIso(today: Date | string | undefined): string {
  if (typeof today === 'string') {
    if (!ISO_DATE.test(today)) throw new TypeError('today must be a YYYY-MM-DD date');
    return today;
  }
  const date = today ?? new Date();
  if (Number.isNaN(date.getTime())) throw new TypeError('today must be a valid Date');
  const parts = Object.fromEntries(helsinkiDate.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
