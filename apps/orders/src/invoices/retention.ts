/**
 * Legal-hold period for invoices (tositteet). Kirjanpitolaki 2:10 §: vouchers are kept at
 * least six years from the end of the calendar year in which the financial year ended.
 * Dates are local calendar dates (Europe/Helsinki), as written on the invoice.
 */
import { DateTime } from 'luxon';

export const INVOICE_RETENTION_BASIS = 'Kirjanpitolaki 2:10 §';
export const INVOICE_RETENTION_YEARS = 6;
export const RETENTION_TIME_ZONE = 'Europe/Helsinki';

export interface FinancialYearEnd {
  /** 1–12 */
  readonly month: number;
  /** 1–31; a day past the month's end (e.g. 29 Feb in a common year) means its last day. */
  readonly day: number;
}

export const CALENDAR_FINANCIAL_YEAR_END: FinancialYearEnd = { month: 12, day: 31 };

export class RetentionError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionError';
  }
}

function toLocalDate(value: string | Date, what: string): DateTime {
  if (value instanceof Date) {
    const dt = DateTime.fromJSDate(value, { zone: RETENTION_TIME_ZONE });
    if (!dt.isValid) throw new RetentionError(`${what} is not a valid date`);
    return DateTime.utc(dt.year, dt.month, dt.day);
  }
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!dt?.isValid) throw new RetentionError(`${what} must be a valid YYYY-MM-DD date`);
  return dt;
}

function yearEndIn(year: number, end: FinancialYearEnd): DateTime {
  const first = DateTime.utc(year, end.month, 1);
  return first.set({ day: Math.min(end.day, first.daysInMonth ?? 28) });
}

/** The last day of the financial year that contains the date. */
export function financialYearEndFor(
  date: string | Date,
  financialYearEnd: FinancialYearEnd = CALENDAR_FINANCIAL_YEAR_END,
): string {
  const { month, day } = financialYearEnd;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 31) {
    throw new RetentionError('financial year end must be a valid month and day');
  }
  const d = toLocalDate(date, 'date');
  const sameYear = yearEndIn(d.year, financialYearEnd);
  return (d <= sameYear ? sameYear : yearEndIn(d.year + 1, financialYearEnd)).toISODate() ?? '';
}

/**
 * Last day the invoice must be kept ('YYYY-MM-DD'); it may be deleted from the next day on.
 * Invoice 2026-03-15, calendar year → financial year ends 2026-12-31 → kept until 2032-12-31.
 * Financial year ending 30 June: invoice 2026-08-01 → year ends 2027-06-30 → until 2033-12-31.
 */
export function invoiceRetentionExpiry(
  invoiceDate: string | Date,
  financialYearEnd: FinancialYearEnd = CALENDAR_FINANCIAL_YEAR_END,
): string {
  const fyEndYear = Number(financialYearEndFor(invoiceDate, financialYearEnd).slice(0, 4));
  return `${fyEndYear + INVOICE_RETENTION_YEARS}-12-31`;
}

/** True once `today` (local date) is past the expiry date, i.e. the invoice may be deleted. */
export function isRetentionExpired(expiry: string, today: string | Date): boolean {
  return toLocalDate(today, 'today') > toLocalDate(expiry, 'expiry');
}
