import { randomBytes, randomUUID } from 'node:crypto';
import { UnsubscribeToken } from './unsubscribe-token.js';

describe('UnsubscribeToken', () => {
  const tokens = new UnsubscribeToken(randomBytes(32));

  it('names the subject only to the key holder', () => {
    const subjectId = randomUUID();
    const token = tokens.issue(subjectId);
    expect(tokens.open(token)).toBe(subjectId);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(subjectId.replace(/-/g, '').slice(0, 8));
    // Each link is sealed afresh: two tokens of one subject do not match.
    expect(tokens.issue(subjectId)).not.toBe(token);
  });

  it('refuses an altered, truncated, foreign or malformed token', () => {
    const token = tokens.issue(randomUUID());
    const raw = Buffer.from(token, 'base64url');
    for (const i of [0, 1, 20, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[i] ^= 1;
      expect(tokens.open(altered.toString('base64url'))).toBeNull();
    }
    expect(tokens.open(token.slice(0, -2))).toBeNull();
    expect(tokens.open(`${token}AA`)).toBeNull();
    expect(new UnsubscribeToken(randomBytes(32)).open(token)).toBeNull();
    for (const bad of ['', 'forged', 'a'.repeat(101), `${token.slice(0, -1)}=`, '../../etc'])
      expect(tokens.open(bad)).toBeNull();
  });

  it('issues tokens only for subject ids', () => {
    expect(() => tokens.issue('someone@example.fi')).toThrow();
  });
});
