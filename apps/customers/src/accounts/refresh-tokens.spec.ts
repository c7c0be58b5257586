import { randomUUID } from 'node:crypto';
import { issuedMatches, issueToken, parseToken, rotatedToken, secretMatches } from './refresh-tokens.js';

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
});
