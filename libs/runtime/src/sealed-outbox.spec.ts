import { randomBytes } from 'node:crypto';
import { EnvelopeCipher } from '@offera/transport';
import { openOutboxPayload, sealOutboxPayload } from './sealed-outbox.js';

describe('sealed outbox payloads', () => {
  const key = randomBytes(32);
  const cipher = new EnvelopeCipher(key);
  const name = 'privacy-request.verification-code-issued';
  const payload = { requestId: 'r-1', code: '482139' };

  it('keeps the payload out of the row and opens it for publishing', () => {
    const sealed = sealOutboxPayload(key, name, payload);
    expect(JSON.stringify(sealed)).not.toContain('482139');
    expect(openOutboxPayload(cipher, name, sealed)).toEqual(payload);
  });

  it('binds the sealed payload to its event name', () => {
    const sealed = sealOutboxPayload(key, name, payload);
    expect(() => openOutboxPayload(cipher, 'order.placed', sealed)).toThrow();
  });

  it('passes plain payloads through unchanged', () => {
    for (const plain of [payload, null, [1], 'x', { $sealed: 'v1.x', other: 1 }])
      expect(openOutboxPayload(cipher, name, plain)).toBe(plain);
  });
});
