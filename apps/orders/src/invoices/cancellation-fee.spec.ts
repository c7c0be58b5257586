import { MoneyError } from '../pricing/money.js';
import { PricingParameterError } from '../pricing/pricing-parameters.js';
import { LATE_CANCELLATION_FEE_NAME, lateCancellationFeeAmounts } from './cancellation-fee.js';

describe('lateCancellationFeeAmounts', () => {
  it('bills the fee as one line with VAT included at the general rate, and no work share', () => {
    // 49.90 € at 25.5 %: 49.90 × 0.255 / 1.255 = 10.139… → 10.14 €.
    expect(lateCancellationFeeAmounts(4990, '2026-04-09')).toEqual({
      lines: [
        {
          description: 'Myöhäisen peruutuksen maksu',
          quantity: 1,
          unitPriceCents: 4990,
          grossCents: 4990,
          vatRateBp: 2550,
          vatCents: 1014,
          workCents: 0,
        },
      ],
      vatBreakdown: [{ vatCode: 'general', rateBp: 2550, grossCents: 4990, vatCents: 1014, netCents: 3976 }],
      totalGrossCents: 4990,
      vatTotalCents: 1014,
      netCents: 3976,
      workCents: 0,
    });
    expect(LATE_CANCELLATION_FEE_NAME.en).toBe('Late cancellation fee');
  });

  it('uses the rate in force on the cancellation date', () => {
    expect(lateCancellationFeeAmounts(10_000, '2024-08-31').lines[0]).toMatchObject({
      vatRateBp: 2400,
      vatCents: 1935, // 100 × 0.24 / 1.24 = 19.354…
    });
    expect(lateCancellationFeeAmounts(10_000, '2024-09-01').lines[0]).toMatchObject({
      vatRateBp: 2550,
      vatCents: 2032,
    });
  });

  it('refuses a zero, negative or fractional fee, and a bad date', () => {
    expect(() => lateCancellationFeeAmounts(0, '2026-04-09')).toThrow(MoneyError);
    expect(() => lateCancellationFeeAmounts(-1, '2026-04-09')).toThrow(MoneyError);
    expect(() => lateCancellationFeeAmounts(10.5, '2026-04-09')).toThrow(MoneyError);
    expect(() => lateCancellationFeeAmounts(100, '9.4.2026')).toThrow(PricingParameterError);
  });
});
