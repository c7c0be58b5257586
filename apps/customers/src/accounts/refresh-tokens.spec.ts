import { randomBytes, randomUUID } from 'node:crypto';
import {
  issuedMatches,
  issueToken,
  messageToken,
  parseToken,
  rotatedToken,
  secretMatches,
} from './refresh-tokens.js';

describe('refresh tokens', () => {
  it('issues tokens that parse and match their stored hash only', () => {
    const t = issueToken();
    const parsed = parseToken(t.token);
    expect(parsed).toEqual({ id: t.id, secret: expect.any(String) });
    expect(secretMatches(parsed!.secret, t.secretHash)).toBe(true);
    expect(secretMatches(parseToken(issueToken().token)!.secret, t.secretHash)).toBe(false);
  });

  it('rotates to the same token for the same presented secret and message, and only then', () => {
    const old = parseToken(issueToken().token)!;
    const messageId = randomUUID();
    const a = rotatedToken(old.secret, messageId);
    const again = rotatedToken(old.secret, messageId, a.id);
    expect(again.token).toBe(a.token);
    expect(issuedMatches(again, a.secretHash)).toBe(true);
    expect(parseToken(a.token)).toEqual({ id: a.id, secret: expect.any(String) });

    const otherMessage = rotatedToken(old.secret, randomUUID(), a.id);
    const otherSecret = rotatedToken(parseToken(issueToken().token)!.secret, messageId, a.id);
    expect(issuedMatches(otherMessage, a.secretHash)).toBe(false);
    expect(issuedMatches(otherSecret, a.secretHash)).toBe(false);
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', `${randomUUID()}.short`, `${randomUUID()}.${'a'.repeat(44)}`]) {
      expect(parseToken(bad)).toBeNull();
    }
  });

  it('starts the same session for the same message and key only, as a well-formed token', () => {
    const key = randomBytes(32);
    const messageId = randomUUID();
    const a = messageToken(key, messageId);
    expect(messageToken(key, messageId)).toEqual(a);
    expect(parseToken(a.token)).toEqual({ id: a.id, secret: expect.any(String) });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(secretMatches(parseToken(a.token)!.secret, a.secretHash)).toBe(true);
    for (const other of [messageToken(key, randomUUID()), messageToken(randomBytes(32), messageId)]) {
      expect(other.id).not.toBe(a.id);
      expect(issuedMatches(other, a.secretHash)).toBe(false);
    }
  });
});
