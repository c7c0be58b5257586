import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The HS256 key as a KeyObject: given a plain string, jsonwebtoken first tries (and fails) to
 * parse it as a public key on every verification, which was a quarter of the gateway's CPU.
 */
export const jwtSigningKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));
