import {
  DiscountCodeError,
  DiscountCodeRejection,
  evaluateDiscountCode,
  type DiscountCode,
  type DiscountCodeContext,
} from './discount-code.js';

const code = (over: Partial<DiscountCode> = {}): DiscountCode => ({
  code: 'SPRING10',
  value: { kind: 'percent', percentBp: 1000 },
  validFrom: '2026-03-01T00:00:00+02:00',
  validUntil: '2026-06-01T00:00:00+03:00',
  appliesTo: ['one_off', 'recurring'],
  ...over,
});

const ctx = (over: Partial<DiscountCodeContext> = {}): DiscountCodeContext => ({
  now: '2026-04-01T10:00:00Z',
  orderType: 'one_off',
  customerIsNew: false,
  totalUses: 0,
  customerUses: 0,
  baseCents: 10_000,
  ...over,
});

const rejection = (c: DiscountCode | null, x: Partial<DiscountCodeContext> = {}) => {
  const r = evaluateDiscountCode(c, ctx(x));
  return r.applied ? null : r.rejection;
};

describe('evaluateDiscountCode', () => {
  it('applies a percent code, rounding half up', () => {
    expect(evaluateDiscountCode(code(), ctx())).toEqual({
      applied: true,
      code: 'SPRING10',
      discountCents: 1000,
    });
    const r = evaluateDiscountCode(
      code({ value: { kind: 'percent', percentBp: 1250 } }),
      ctx({ baseCents: 1002 }),
    );
    expect(r).toMatchObject({ applied: true, discountCents: 125 }); // 125.25
    const half = evaluateDiscountCode(
      code({ value: { kind: 'percent', percentBp: 5000 } }),
      ctx({ baseCents: 1001 }),
    );
    expect(half).toMatchObject({ applied: true, discountCents: 501 }); // 500.5
  });

  it('applies a fixed code and caps it at the base amount', () => {
    const fixed = code({ value: { kind: 'fixed', amountCents: 2500 } });
    expect(evaluateDiscountCode(fixed, ctx())).toMatchObject({ applied: true, discountCents: 2500 });
    expect(evaluateDiscountCode(fixed, ctx({ baseCents: 1999 }))).toMatchObject({
      applied: true,
      discountCents: 1999,
    });
  });

  it('reports an unknown code', () => {
    expect(evaluateDiscountCode(null, ctx())).toEqual({
      applied: false,
      code: null,
      rejection: DiscountCodeRejection.NotFound,
    });
  });

  it('reports a withdrawn code', () => {
    expect(rejection(code({ active: false }))).toBe('inactive');
    expect(rejection(code({ active: true }))).toBeNull();
  });

  it('is valid from validFrom inclusive to validUntil exclusive', () => {
    const c = code();
    expect(rejection(c, { now: '2026-02-28T21:59:59.999Z' })).toBe(DiscountCodeRejection.NotYetValid);
    expect(rejection(c, { now: '2026-02-28T22:00:00Z' })).toBeNull();
    expect(rejection(c, { now: '2026-05-31T20:59:59.999Z' })).toBeNull();
    expect(rejection(c, { now: '2026-05-31T21:00:00Z' })).toBe(DiscountCodeRejection.Expired);
    expect(
      rejection(code({ validFrom: undefined, validUntil: undefined }), { now: '2099-01-01T00:00:00Z' }),
    ).toBeNull();
  });

  it('checks the order type', () => {
    const recurringOnly = code({ appliesTo: ['recurring'] });
    expect(rejection(recurringOnly, { orderType: 'one_off' })).toBe(
      DiscountCodeRejection.OrderTypeNotEligible,
    );
    expect(rejection(recurringOnly, { orderType: 'recurring' })).toBeNull();
    const oneOffOnly = code({ appliesTo: ['one_off'] });
    expect(rejection(oneOffOnly, { orderType: 'recurring' })).toBe(
      DiscountCodeRejection.OrderTypeNotEligible,
    );
  });

  it('keeps new-customer codes from existing customers', () => {
    const c = code({ newCustomersOnly: true });
    expect(rejection(c, { customerIsNew: false })).toBe(DiscountCodeRejection.NewCustomersOnly);
    expect(rejection(c, { customerIsNew: true })).toBeNull();
  });

  it('enforces the total usage limit', () => {
    const c = code({ maxTotalUses: 100 });
    expect(rejection(c, { totalUses: 99 })).toBeNull();
    expect(rejection(c, { totalUses: 100 })).toBe(DiscountCodeRejection.UsageLimitReached);
    expect(rejection(code({ maxTotalUses: 0 }))).toBe(DiscountCodeRejection.UsageLimitReached);
    expect(rejection(code({ maxTotalUses: null }), { totalUses: 1_000_000 })).toBeNull();
  });

  it('enforces the per-customer usage limit', () => {
    const c = code({ maxUsesPerCustomer: 1 });
    expect(rejection(c, { customerUses: 0 })).toBeNull();
    expect(rejection(c, { customerUses: 1 })).toBe(DiscountCodeRejection.CustomerUsageLimitReached);
  });

  it('enforces the minimum order total', () => {
    const c = code({ minOrderTotalCents: 8000 });
    expect(rejection(c, { baseCents: 7999 })).toBe(DiscountCodeRejection.BelowMinimumTotal);
    expect(rejection(c, { baseCents: 8000 })).toBeNull();
  });

  it('reports the first failing check in a fixed order', () => {
    const c = code({ active: false, appliesTo: [], maxTotalUses: 0 });
    expect(rejection(c, { now: '2020-01-01T00:00:00Z' })).toBe(DiscountCodeRejection.Inactive);
    expect(rejection(code({ appliesTo: [], newCustomersOnly: true }))).toBe(
      DiscountCodeRejection.OrderTypeNotEligible,
    );
  });

  it('throws on malformed definitions or inputs', () => {
    expect(() =>
      evaluateDiscountCode(code({ value: { kind: 'percent', percentBp: 10_001 } }), ctx()),
    ).toThrow(DiscountCodeError);
    expect(() => evaluateDiscountCode(code({ value: { kind: 'fixed', amountCents: -1 } }), ctx())).toThrow(
      RangeError,
    );
    expect(() => evaluateDiscountCode(code({ maxTotalUses: -1 }), ctx())).toThrow(DiscountCodeError);
    expect(() => evaluateDiscountCode(code({ validUntil: 'not a date' }), ctx())).toThrow(DiscountCodeError);
    expect(() => evaluateDiscountCode(code(), ctx({ now: 'yesterday' }))).toThrow(DiscountCodeError);
    expect(() => evaluateDiscountCode(code(), ctx({ totalUses: -1 }))).toThrow(DiscountCodeError);
    expect(() => evaluateDiscountCode(code(), ctx({ baseCents: 1.5 }))).toThrow(RangeError);
  });
});
