import { randomBytes } from 'node:crypto';
import { canonicalJson, IdempotencyHasher, parseIdempotencyKey } from './idempotency-key.js';

describe('parseIdempotencyKey', () => {
  it('takes no header as no key', () => {
    expect(parseIdempotencyKey(undefined)).toEqual({ ok: true, key: undefined });
  });

  it('takes a bare key and the structured-field string form as the same key', () => {
    const key = '8e03978e-40d5-43e8-bc93-6894a57f9324';
    expect(parseIdempotencyKey(key)).toEqual({ ok: true, key });
    expect(parseIdempotencyKey(`"${key}"`)).toEqual({ ok: true, key });
    expect(parseIdempotencyKey(` ${key} `)).toEqual({ ok: true, key });
  });

  it('accepts 255 visible ASCII characters and refuses 256', () => {
    expect(parseIdempotencyKey('k'.repeat(255))).toMatchObject({ ok: true });
    expect(parseIdempotencyKey('k'.repeat(256))).toMatchObject({ ok: false });
  });

  it.each([[''], ['""'], ['a b'], ['tab\there'], ['quo"te'], ['back\\slash'], ['ääkkönen'], ['\u0000']])(
    'refuses %j with a reason that names the header',
    (raw) => {
      const parsed = parseIdempotencyKey(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(/Idempotency-Key/);
    },
  );

  it('refuses the header sent twice', () => {
    expect(parseIdempotencyKey(['a', 'b'])).toEqual({
      ok: false,
      reason: 'Idempotency-Key must be sent once',
    });
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(
      canonicalJson({ b: 1, a: { d: [2, 1], c: null } }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('leaves out undefined members, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps types apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

describe('IdempotencyHasher', () => {
  const hasher = new IdempotencyHasher(randomBytes(32));

  it('gives one scope per caller, route and key, and hides all three', () => {
    const scope = hasher.scope('caller-1', 'POST /api/v1/orders', 'key-1');
    expect(hasher.scope('caller-1', 'POST /api/v1/orders', 'key-1')).toBe(scope);
    expect(hasher.scope('caller-2', 'POST /api/v1/orders', 'key-1')).not.toBe(scope);
    expect(hasher.scope('caller-1', 'POST /api/v1/order-series', 'key-1')).not.toBe(scope);
    expect(hasher.scope('caller-1', 'POST /api/v1/orders', 'key-2')).not.toBe(scope);
    expect(scope).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(scope).not.toContain('caller');
  });

  it('fingerprints a request by its parameters and body, not by key order', () => {
    const fp = hasher.fingerprint({ id: 'x' }, { a: 1, b: 2 });
    expect(hasher.fingerprint({ id: 'x' }, { b: 2, a: 1 })).toBe(fp);
    expect(hasher.fingerprint({ id: 'y' }, { a: 1, b: 2 })).not.toBe(fp);
    expect(hasher.fingerprint({ id: 'x' }, { a: 1, b: 3 })).not.toBe(fp);
  });

  it('depends on the secret', () => {
    const other = new IdempotencyHasher(randomBytes(32));
    expect(other.scope('c', 'r', 'k')).not.toBe(hasher.scope('c', 'r', 'k'));
  });
});
