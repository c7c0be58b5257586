import { DateTime } from 'luxon';

const ZONE = 'Europe/Helsinki';

/**
 * GDPR Art. 12(3): one calendar month after receipt, counted in Finnish time. A receipt on a
 * day the next month lacks (31 January) falls due on that month's last day (28/29 February).
 */
export function dueDate(receivedAt: Date, extensionMonths = 0): Date {
  return DateTime.fromJSDate(receivedAt, { zone: ZONE })
    .plus({ months: 1 + extensionMonths })
    .toJSDate();
}

/** The day until which a request record is kept after receipt. */
export function retainUntil(receivedAt: Date, years: number): string {
  return DateTime.fromJSDate(receivedAt, { zone: ZONE }).plus({ years }).toISODate() ?? '';
}
