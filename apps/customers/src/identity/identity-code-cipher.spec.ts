import { randomBytes } from 'node:crypto';

import {
  IdentityCodeCipher,
  IdentityCodeCipherError,
  parseIdentityCodeKeys,
  type EncryptedIdentityCode,
} from './identity-code-cipher.js';

const CODE = '131052-308T';

function makeKeys() {
  return { k1: randomBytes(32), k2: randomBytes(32), blind: randomBytes(32) };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('IdentityCodeCipher', () => {
  const keys = makeKeys();
  const cipher = new IdentityCodeCipher({
    keys: new Map([['k1', keys.k1]]),
    activeKeyId: 'k1',
    blindIndexKey: keys.blind,
  });

  describe('encrypt / decrypt', () => {
    it('round-trips', () => {
      const encrypted = cipher.encrypt(CODE);
      expect(encrypted.keyId).toBe('k1');
      expect(cipher.decrypt(encrypted)).toBe(CODE);
    });

    it('stores iv | tag | ciphertext in one buffer', () => {
      const { ciphertext } = cipher.encrypt(CODE);
      expect(ciphertext.length).toBe(12 + 16 + Buffer.byteLength(CODE));
    });

    it('produces a different ciphertext each time, never containing the plaintext', () => {
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { ciphertext } = cipher.encrypt(CODE);
        seen.add(ciphertext.toString('hex'));
        expect(ciphertext.includes(Buffer.from(CODE))).toBe(false);
        expect(ciphertext.includes(Buffer.from('131052'))).toBe(false);
        expect(ciphertext.toString('latin1')).not.toContain('308T');
      }
      expect(seen.size).toBe(20);
    });

    it('rejects an empty code', () => {
      expect(() => cipher.encrypt('')).toThrow(IdentityCodeCipherError);
    });

    it.each([
      ['a flipped ciphertext byte', (b: Buffer) => (b[b.length - 1] ^= 0x01)],
      ['a flipped tag byte', (b: Buffer) => (b[12] ^= 0x80)],
      ['a flipped iv byte', (b: Buffer) => (b[0] ^= 0x01)],
    ])('detects %s', (_label, tamper) => {
      const { keyId, ciphertext } = cipher.encrypt(CODE);
      const copy = Buffer.from(ciphertext);
      tamper(copy);
      const error = errorOf(() => cipher.decrypt({ keyId, ciphertext: copy }));
      expect(error).toBeInstanceOf(IdentityCodeCipherError);
      expect(error.message).toMatch(/failed authentication/);
      expect(error.message).not.toContain(CODE);
    });

    it('detects a truncated or appended ciphertext', () => {
      const { keyId, ciphertext } = cipher.encrypt(CODE);
      expect(() =>
        cipher.decrypt({ keyId, ciphertext: ciphertext.subarray(0, ciphertext.length - 1) }),
      ).toThrow(/failed authentication/);
      expect(() =>
        cipher.decrypt({ keyId, ciphertext: Buffer.concat([ciphertext, Buffer.from([0])]) }),
      ).toThrow(/failed authentication/);
      expect(() => cipher.decrypt({ keyId, ciphertext: ciphertext.subarray(0, 28) })).toThrow(/truncated/);
      expect(() => cipher.decrypt({ keyId, ciphertext: Buffer.alloc(0) })).toThrow(/truncated/);
    });

    it('binds the key id: relabelling a row to another key with the same material fails', () => {
      const same = new IdentityCodeCipher({
        keys: new Map([
          ['k1', keys.k1],
          ['alias', keys.k1],
        ]),
        activeKeyId: 'k1',
        blindIndexKey: keys.blind,
      });
      const encrypted = same.encrypt(CODE);
      expect(() => same.decrypt({ keyId: 'alias', ciphertext: encrypted.ciphertext })).toThrow(
        /failed authentication/,
      );
    });

    it('fails clearly on an unknown key id', () => {
      const { ciphertext } = cipher.encrypt(CODE);
      const error = errorOf(() => cipher.decrypt({ keyId: 'nope', ciphertext }));
      expect(error).toBeInstanceOf(IdentityCodeCipherError);
      expect(error.message).toBe('Unknown identity code key id "nope"');
    });

    it('fails when decrypted by a cipher holding a different key under the same id', () => {
      const other = new IdentityCodeCipher({
        keys: new Map([['k1', randomBytes(32)]]),
        activeKeyId: 'k1',
        blindIndexKey: keys.blind,
      });
      expect(() => other.decrypt(cipher.encrypt(CODE))).toThrow(/failed authentication/);
    });
  });

  describe('rotation', () => {
    it('decrypts rows under the old key after the active key changed, and rotates them', () => {
      const { k1, k2, blind } = makeKeys();
      const before = new IdentityCodeCipher({
        keys: new Map([['k1', k1]]),
        activeKeyId: 'k1',
        blindIndexKey: blind,
      });
      const old: EncryptedIdentityCode = before.encrypt(CODE);

      const after = new IdentityCodeCipher({
        keys: new Map([
          ['k1', k1],
          ['k2', k2],
        ]),
        activeKeyId: 'k2',
        blindIndexKey: blind,
      });
      expect(after.currentKeyId).toBe('k2');
      expect(after.decrypt(old)).toBe(CODE);
      expect(after.needsRotation(old.keyId)).toBe(true);
      expect(after.needsRotation('k2')).toBe(false);
      expect(after.needsRotation('unknown')).toBe(true);

      const fresh = after.encrypt(CODE);
      expect(fresh.keyId).toBe('k2');
      expect(() => before.decrypt(fresh)).toThrow(/Unknown identity code key id "k2"/);

      const rotated = after.rotate(old);
      expect(rotated.keyId).toBe('k2');
      expect(after.decrypt(rotated)).toBe(CODE);
      expect(after.rotate(rotated)).toBe(rotated);

      // The blind index does not depend on which encryption key is active.
      expect(after.blindIndex(CODE)).toBe(before.blindIndex(CODE));
    });
  });

  describe('blind index', () => {
    it('is deterministic 64-char hex and differs between codes', () => {
      const index = cipher.blindIndex(CODE);
      expect(index).toMatch(/^[0-9a-f]{64}$/);
      expect(cipher.blindIndex(CODE)).toBe(index);
      expect(cipher.blindIndex('131052-308U')).not.toBe(index);
      // Different century signs are different people.
      expect(cipher.blindIndex('010594-123W')).not.toBe(cipher.blindIndex('010594Y123W'));
    });

    it('indexes the canonical form', () => {
      expect(cipher.blindIndex(' 131052-308t ')).toBe(cipher.blindIndex(CODE));
    });

    it('depends on the key', () => {
      const other = new IdentityCodeCipher({
        keys: new Map([['k1', keys.k1]]),
        activeKeyId: 'k1',
        blindIndexKey: randomBytes(32),
      });
      expect(other.blindIndex(CODE)).not.toBe(cipher.blindIndex(CODE));
    });

    it('does not contain the code and rejects empty input', () => {
      expect(cipher.blindIndex(CODE)).not.toContain('131052');
      expect(() => cipher.blindIndex('  ')).toThrow(IdentityCodeCipherError);
    });

    it('matches stored indexes in constant time', () => {
      const stored = cipher.blindIndex(CODE);
      expect(cipher.matchesBlindIndex(CODE, stored)).toBe(true);
      expect(cipher.matchesBlindIndex('131052-308U', stored)).toBe(false);
      expect(cipher.matchesBlindIndex(CODE, 'abcd')).toBe(false);
    });
  });

  describe('configuration', () => {
    it('rejects an active key id not in the ring', () => {
      expect(
        () =>
          new IdentityCodeCipher({
            keys: new Map([['k1', keys.k1]]),
            activeKeyId: 'k2',
            blindIndexKey: keys.blind,
          }),
      ).toThrow(/active key id "k2" is not among the keys/);
    });

    it('rejects keys of the wrong size without echoing them', () => {
      const short = randomBytes(16);
      const error = errorOf(
        () =>
          new IdentityCodeCipher({
            keys: new Map([['k1', short]]),
            activeKeyId: 'k1',
            blindIndexKey: keys.blind,
          }),
      );
      expect(error.message).toMatch(/key "k1" must be 32 bytes/);
      expect(error.message).not.toContain(short.toString('hex'));
      expect(error.message).not.toContain(short.toString('base64'));
    });

    it('rejects a short blind index key or one equal to an encryption key', () => {
      expect(
        () =>
          new IdentityCodeCipher({
            keys: new Map([['k1', keys.k1]]),
            activeKeyId: 'k1',
            blindIndexKey: randomBytes(16),
          }),
      ).toThrow(/blind index key must be at least 32 bytes/);
      expect(
        () =>
          new IdentityCodeCipher({
            keys: new Map([['k1', keys.k1]]),
            activeKeyId: 'k1',
            blindIndexKey: keys.k1,
          }),
      ).toThrow(/must differ from encryption key "k1"/);
    });

    it('rejects an empty key id', () => {
      expect(
        () =>
          new IdentityCodeCipher({
            keys: new Map([['', keys.k1]]),
            activeKeyId: '',
            blindIndexKey: keys.blind,
          }),
      ).toThrow(/key ids must be non-empty/);
    });

    it('copies the keys so later changes to the caller’s buffers do not affect it', () => {
      const k = randomBytes(32);
      const c = new IdentityCodeCipher({
        keys: new Map([['k1', k]]),
        activeKeyId: 'k1',
        blindIndexKey: randomBytes(32),
      });
      const encrypted = c.encrypt(CODE);
      k.fill(0);
      expect(c.decrypt(encrypted)).toBe(CODE);
    });
  });
});

describe('parseIdentityCodeKeys', () => {
  it('parses id:base64 pairs', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const keys = parseIdentityCodeKeys(`2024-01:${a.toString('base64')}, 2025-01:${b.toString('base64')}`);
    expect([...keys.keys()]).toEqual(['2024-01', '2025-01']);
    expect(keys.get('2024-01')?.equals(a)).toBe(true);
    expect(keys.get('2025-01')?.equals(b)).toBe(true);
  });

  it('rejects bad entries without echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    const error = errorOf(() => parseIdentityCodeKeys(`k1:${short}`));
    expect(error.message).toMatch(/key "k1" must be 32 bytes/);
    expect(error.message).not.toContain(short);

    const good = randomBytes(32).toString('base64');
    expect(() => parseIdentityCodeKeys('')).toThrow(/at least one key/);
    expect(() => parseIdentityCodeKeys(good)).toThrow(/<id>:<base64 key>/);
    expect(() => parseIdentityCodeKeys(`:${good}`)).toThrow(/<id>:<base64 key>/);
    expect(() => parseIdentityCodeKeys(`k1:${good},k1:${good}`)).toThrow(/appears twice/);
    expect(() => parseIdentityCodeKeys('k1:not base64 at all!')).toThrow(/must be 32 bytes of base64/);
  });
});
