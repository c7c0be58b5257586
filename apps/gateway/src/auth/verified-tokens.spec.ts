import { VerifiedTokens } from './verified-tokens.js';

const user = { id: '0b6c1a1e-5a8e-4d55-9a55-8f1d1c2f0a11', role: 'customer', sessionVersion: 0 } as const;

describe('VerifiedTokens', () => {
  it('finds a remembered token until its exp, then forgets it', () => {
    const tokens = new VerifiedTokens();
    const exp = 2_000_000_000; // seconds
    tokens.remember('a.b.c', user, exp);
    expect(tokens.get('a.b.c', exp * 1000 - 1)).toEqual(user);
    expect(tokens.get('a.b.c', exp * 1000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('finds only the byte-identical token', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', user, 2_000_000_000);
    expect(tokens.get('a.b.C', 0)).toBeUndefined();
    expect(tokens.get('a.b.c ', 0)).toBeUndefined();
  });

  it('does not remember a token without a usable exp', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', user, undefined);
    tokens.remember('d.e.f', user, '2000000000');
    tokens.remember('g.h.i', user, Number.NaN);
    expect(tokens.size).toBe(0);
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const tokens = new VerifiedTokens(2);
    for (const t of ['t1', 't2', 't3']) tokens.remember(t, user, 2_000_000_000);
    expect(tokens.size).toBe(2);
    expect(tokens.get('t1', 0)).toBeUndefined();
    expect(tokens.get('t3', 0)).toEqual(user);
  });
});
