import { randomBytes } from 'node:crypto';
import { EnvelopeCipher } from './envelope-cipher.js';

describe('EnvelopeCipher', () => {
  const cipher = new EnvelopeCipher(randomBytes(32));
  const value = { email: 'maija.meikalainen@example.fi', n: 3 };

  it('round-trips a value and never shows the plaintext', () => {
    const sealed = cipher.seal(value, 'customers.register');
    expect(sealed).not.toContain('maija');
    expect(Buffer.from(sealed.slice(3), 'base64').toString('latin1')).not.toContain('maija');
    expect(cipher.open(sealed, 'customers.register')).toEqual(value);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal(value, 'x')).not.toBe(cipher.seal(value, 'x'));
  });

  it('rejects a ciphertext opened under another message name, with another key, or tampered', () => {
    const sealed = cipher.seal(value, 'customers.register');
    expect(() => cipher.open(sealed, 'customers.login')).toThrow();
    expect(() => new EnvelopeCipher(randomBytes(32)).open(sealed, 'customers.register')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.open(`v1.${raw.toString('base64')}`, 'customers.register')).toThrow();
    expect(() => cipher.open('plain', 'customers.register')).toThrow('Not a sealed envelope');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new EnvelopeCipher(randomBytes(16))).toThrow('32-byte');
  });
});
