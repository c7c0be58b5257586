import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

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

export function parseToken(token: string): { id: string; secret: string } | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();
