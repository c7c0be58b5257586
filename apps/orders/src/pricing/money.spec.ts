import {
  allocateProRata,
  fractionToPpm,
  MoneyError,
  mulDivRoundHalfUp,
  percentOf,
  sumCents,
  vatFromGross,
} from './money.js';

describe('money', () => {
  describe('mulDivRoundHalfUp', () => {
    it('rounds exact halves up', () => {
      expect(mulDivRoundHalfUp(3, 30, 60)).toBe(2); // 1.5
      expect(mulDivRoundHalfUp(4999, 30, 60)).toBe(2500); // 2499.5
      expect(mulDivRoundHalfUp(5, 1, 2)).toBe(3); // 2.5
    });

    it('rounds below half down and above half up', () => {
      expect(mulDivRoundHalfUp(5990, 25, 60)).toBe(2496); // 2495.83
      expect(mulDivRoundHalfUp(10, 1, 3)).toBe(3); // 3.33
      expect(mulDivRoundHalfUp(20, 1, 3)).toBe(7); // 6.67
    });

    it('stays exact for products beyond 2^53', () => {
      expect(mulDivRoundHalfUp(9_000_000_000_000, 1_000_000, 1_000_000)).toBe(9_000_000_000_000);
    });

    it('rejects negative, fractional and zero-denominator inputs', () => {
      expect(() => mulDivRoundHalfUp(-1, 1, 1)).toThrow(MoneyError);
      expect(() => mulDivRoundHalfUp(1.5, 1, 1)).toThrow(MoneyError);
      expect(() => mulDivRoundHalfUp(1, 1, 0)).toThrow(MoneyError);
      expect(() => mulDivRoundHalfUp(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(MoneyError);
    });
  });

  it('percentOf takes basis points', () => {
    expect(percentOf(10_000, 1500)).toBe(1500);
    expect(percentOf(11_290, 1500)).toBe(1694); // 1693.5 → up
    expect(percentOf(999, 0)).toBe(0);
  });

  it('vatFromGross extracts VAT from a VAT-inclusive amount', () => {
    expect(vatFromGross(10_000, 2550)).toBe(2032); // 2031.87
    expect(vatFromGross(10_000, 2400)).toBe(1935); // 1935.48
    expect(vatFromGross(12_400, 2400)).toBe(2400);
    expect(vatFromGross(10_000, 0)).toBe(0);
    expect(vatFromGross(0, 2550)).toBe(0);
  });

  it('fractionToPpm validates the range', () => {
    expect(fractionToPpm(1, 'x')).toBe(1_000_000);
    expect(fractionToPpm(0.35, 'x')).toBe(350_000);
    expect(() => fractionToPpm(1.01, 'x')).toThrow(MoneyError);
    expect(() => fractionToPpm(-0.1, 'x')).toThrow(MoneyError);
    expect(() => fractionToPpm(Number.NaN, 'x')).toThrow(MoneyError);
  });

  describe('allocateProRata', () => {
    it('splits exactly, giving leftover cents to the largest remainders', () => {
      expect(allocateProRata(1694, [10_000, 1290])).toEqual([1500, 194]);
      expect(allocateProRata(100, [1, 1, 1])).toEqual([34, 33, 33]); // tie → earlier index
      expect(sumCents(allocateProRata(7, [3, 3, 3, 1]))).toBe(7);
    });

    it('handles zero weights', () => {
      expect(allocateProRata(0, [0, 0])).toEqual([0, 0]);
      expect(allocateProRata(10, [0, 5])).toEqual([0, 10]);
      expect(() => allocateProRata(1, [0, 0])).toThrow(MoneyError);
      expect(allocateProRata(0, [])).toEqual([]);
    });
  });
});
