import { isValidReference, paymentReference } from './payment-reference.js';

describe('paymentReference', () => {
  it('computes the 7-3-1 check digit', () => {
    // Base 1234561, digits from the right × 7, 3, 1, …: 7+18+5+28+9+2+7 = 76 → (10 − 6) % 10 = 4.
    expect(isValidReference('12345614')).toBe(true);
    // Base 101: 7+0+1 = 8 → 2; base 112: 14+3+1 = 18 → 2.
    expect(paymentReference(1)).toBe('1012');
    expect(paymentReference(12)).toBe('1122');
  });

  it('gives every invoice number a valid, distinct reference grouped in fives', () => {
    const seen = new Set<string>();
    for (const n of [1, 9, 10, 99, 100, 12345, 1_000_000, 987_654_321]) {
      const ref = paymentReference(n);
      expect(isValidReference(ref)).toBe(true);
      expect(ref).toMatch(/^\d{1,5}( \d{5})*$/);
      seen.add(ref);
    }
    expect(seen.size).toBe(8);
  });

  it('refuses a changed digit and what is not a reference', () => {
    const ref = paymentReference(4321).replace(/ /g, '');
    const changed = `${ref.slice(0, 2)}${(Number(ref[2]) + 1) % 10}${ref.slice(3)}`;
    expect(isValidReference(changed)).toBe(false);
    expect(isValidReference('0123')).toBe(false);
    expect(isValidReference('12')).toBe(false);
    expect(() => paymentReference(0)).toThrow(RangeError);
    expect(() => paymentReference(1.5)).toThrow(RangeError);
  });
});
