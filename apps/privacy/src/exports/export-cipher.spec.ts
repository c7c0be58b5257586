import { randomBytes } from 'node:crypto';
import { ExportCipher } from './export-cipher.js';

describe('ExportCipher', () => {
  const cipher = new ExportCipher(randomBytes(32));

  it('round-trips a document and hides its text', () => {
    const sealed = cipher.seal('r1', { name: 'Aino Virtanen' });
    expect(sealed.ciphertext.toString('utf8')).not.toContain('Aino');
    expect(cipher.open('r1', sealed)).toEqual({ name: 'Aino Virtanen' });
  });

  it('refuses a document opened under another request id or tampered with', () => {
    const sealed = cipher.seal('r1', { a: 1 });
    expect(() => cipher.open('r2', sealed)).toThrow();
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0] ^= 1;
    expect(() => cipher.open('r1', tampered)).toThrow();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new ExportCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
