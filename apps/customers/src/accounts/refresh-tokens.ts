import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A refresh token is `<id>.<secret>`: the id finds the row, the secret is checked against its hash. */
export interface IssuedToken {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

export function issueToken(): IssuedToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/**
 * The token a refresh rotates to. Its secret is derived from the presented token's secret and
 * the refresh message's id, so the same refresh delivered again (its answer lost) can answer
 * with the same token, while only the holder of the old secret could know it.
 */
export function rotatedToken(
  presentedSecret: string,
  messageId: string,
  id: string = randomUUID(),
): IssuedToken {
  const secret = createHmac('sha256', presentedSecret).update(`rotate\n${messageId}`).digest('base64url');
  return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/**
 * The token a sign-in or registration starts its session with, derived from the message's id
 * under a server-held key: the same message delivered again (its answer lost after the commit)
 * answers with the same session instead of starting a second one. Without the key, the message
 * id (which the queue holds) gives nothing away.
 */
export function messageToken(key: Buffer, messageId: string): IssuedToken {
  const mac = (purpose: string) => createHmac('sha256', key).update(`${purpose}\n${messageId}`).digest();
  const b = mac('session-id').subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const secret = mac('session-secret').toString('base64url');
  return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { id: string; secret: string } | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  return hashMatches(hashSecret(secret), hash);
}

/** Whether `issued` is the token stored with `hash`. */
export function issuedMatches(issued: IssuedToken, hash: Buffer): boolean {
  return hashMatches(issued.secretHash, hash);
}

const hashMatches = (candidate: Buffer, hash: Buffer): boolean =>
  candidate.length === hash.length && timingSafeEqual(candidate, hash);

const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();
