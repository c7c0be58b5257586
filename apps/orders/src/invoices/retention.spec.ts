import {
  financialYearEndFor,
  INVOICE_RETENTION_BASIS,
  invoiceRetentionExpiry,
  isRetentionExpired,
  RetentionError,
} from './retention.js';

describe('invoice retention', () => {
  it('names its legal basis', () => {
    expect(INVOICE_RETENTION_BASIS).toBe('Kirjanpitolaki 2:10 §');
  });

  it('keeps 6 years from the end of the calendar year of a calendar financial year', () => {
    expect(invoiceRetentionExpiry('2026-03-15')).toBe('2032-12-31');
    expect(invoiceRetentionExpiry('2026-01-01')).toBe('2032-12-31');
    expect(invoiceRetentionExpiry('2026-12-31')).toBe('2032-12-31');
    expect(invoiceRetentionExpiry('2027-01-01')).toBe('2033-12-31');
  });

  it('handles a financial year ending 30 June', () => {
    const june = { month: 6, day: 30 };
    expect(financialYearEndFor('2026-03-15', june)).toBe('2026-06-30');
    expect(invoiceRetentionExpiry('2026-03-15', june)).toBe('2032-12-31');
    expect(invoiceRetentionExpiry('2026-06-30', june)).toBe('2032-12-31');
    expect(financialYearEndFor('2026-07-01', june)).toBe('2027-06-30');
    expect(invoiceRetentionExpiry('2026-07-01', june)).toBe('2033-12-31');
    expect(invoiceRetentionExpiry('2026-08-01', june)).toBe('2033-12-31');
  });

  it('takes the last day of February for a 29 February year end', () => {
    const feb = { month: 2, day: 29 };
    expect(financialYearEndFor('2027-02-28', feb)).toBe('2027-02-28');
    expect(financialYearEndFor('2027-03-01', feb)).toBe('2028-02-29');
    expect(invoiceRetentionExpiry('2027-03-01', feb)).toBe('2034-12-31');
  });

  it('reads a Date in Helsinki time', () => {
    // 22:30Z on 31 Dec 2026 is already 1 Jan 2027 in Helsinki.
    expect(invoiceRetentionExpiry(new Date('2026-12-31T22:30:00Z'))).toBe('2033-12-31');
    expect(invoiceRetentionExpiry(new Date('2026-12-31T21:59:59Z'))).toBe('2032-12-31');
  });

  it('expires only after the expiry day', () => {
    expect(isRetentionExpired('2032-12-31', '2032-12-31')).toBe(false);
    expect(isRetentionExpired('2032-12-31', '2033-01-01')).toBe(true);
    expect(isRetentionExpired('2032-12-31', new Date('2032-12-31T22:00:00Z'))).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => invoiceRetentionExpiry('15.3.2026')).toThrow(RetentionError);
    expect(() => invoiceRetentionExpiry('2026-02-30')).toThrow(RetentionError);
    expect(() => invoiceRetentionExpiry(new Date(Number.NaN))).toThrow(RetentionError);
    expect(() => invoiceRetentionExpiry('2026-03-15', { month: 13, day: 1 })).toThrow(RetentionError);
    expect(() => invoiceRetentionExpiry('2026-03-15', { month: 6, day: 0 })).toThrow(RetentionError);
    expect(() => isRetentionExpired('never', '2030-01-01')).toThrow(RetentionError);
  });
});
