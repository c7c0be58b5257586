import { OrdersError } from '../common/orders.errors.js';
import { validatePrice } from './catalog.service.js';

describe('validatePrice', () => {
  const base = { vatCode: 'general' as const, workShareBp: 10_000 };

  it('accepts each pricing kind and returns only what is stored', () => {
    expect(validatePrice('service', { ...base, pricing: { kind: 'hourly', centsPerHour: 4990 } })).toEqual({
      kind: 'hourly',
      centsPerHour: 4990,
    });
    expect(
      validatePrice('service', { ...base, pricing: { kind: 'fixed', priceCents: 15900, minutes: 180 } }),
    ).toEqual({ kind: 'fixed', priceCents: 15900, minutes: 180 });
    const bands = [
      { upToM2: 40, priceCents: 24900, minutes: 240 },
      { upToM2: null, priceCents: 29900, minutes: 300 },
    ];
    expect(validatePrice('service', { ...base, pricing: { kind: 'area_band', bands } })).toEqual({
      kind: 'area_band',
      bands,
    });
    expect(validatePrice('add_on', { ...base, priceCents: 3900, minutes: 45 })).toEqual({
      priceCents: 3900,
      minutes: 45,
    });
  });

  it.each([
    [
      'a work share above 100 %',
      'service',
      { ...base, workShareBp: 10_001, pricing: { kind: 'hourly', centsPerHour: 1 } },
    ],
    ['a service without pricing', 'service', base],
    ['a zero hourly price', 'service', { ...base, pricing: { kind: 'hourly', centsPerHour: 0 } }],
    ['fractional cents', 'service', { ...base, pricing: { kind: 'fixed', priceCents: 10.5, minutes: 60 } }],
    ['no bands', 'service', { ...base, pricing: { kind: 'area_band', bands: [] } }],
    [
      'descending bands',
      'service',
      {
        ...base,
        pricing: {
          kind: 'area_band',
          bands: [
            { upToM2: 50, priceCents: 1, minutes: 1 },
            { upToM2: 40, priceCents: 1, minutes: 1 },
          ],
        },
      },
    ],
    [
      'an open band before the last',
      'service',
      {
        ...base,
        pricing: {
          kind: 'area_band',
          bands: [
            { upToM2: null, priceCents: 1, minutes: 1 },
            { upToM2: 40, priceCents: 1, minutes: 1 },
          ],
        },
      },
    ],
    ['an add-on without minutes', 'add_on', { ...base, priceCents: 100 }],
    ['a negative add-on price', 'add_on', { ...base, priceCents: -1, minutes: 10 }],
  ] as const)('rejects %s with a validation error', (_what, kind, price) => {
    expect(() => validatePrice(kind, price as never)).toThrow(OrdersError);
  });
});
