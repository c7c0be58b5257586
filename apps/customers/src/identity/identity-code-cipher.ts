import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encryption at rest for identity codes (AES-256-GCM with key rotation) plus a keyed blind index
 * for uniqueness look-ups. The code is never hashed without a key: its space (~10^9) is small
 * enough to brute-force, so the index is an HMAC with a secret key kept apart from the
 * encryption keys. Erasing a customer must delete the ciphertext and the blind index together.
 *
 * Pass the canonical code from `parseIdentityCode` (trimmed, upper case); `blindIndex` applies
 * the same trim/upper-case so a differently typed copy still finds its duplicate.
 */

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_BLIND_INDEX_KEY_BYTES = 32;

export interface IdentityCodeCipherOptions {
  /** keyId → 32-byte AES key. Old keys stay here until every row encrypted with them is rotated. */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Key used for new encryptions. */
  readonly activeKeyId: string;
  /** HMAC-SHA256 key for the blind index, at least 32 bytes, distinct from every encryption key. */
  readonly blindIndexKey: Buffer;
}

export interface EncryptedIdentityCode {
  readonly keyId: string;
  /** iv (12 bytes) | GCM tag (16 bytes) | ciphertext. */
  readonly ciphertext: Buffer;
}

/** Raised for misconfiguration, unknown key ids and failed authentication; never carries the code. */
export class IdentityCodeCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityCodeCipherError';
  }
}

export class IdentityCodeCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;
  private readonly blindIndexKey: Buffer;

  constructor(options: IdentityCodeCipherOptions) {
    const problems: string[] = [];
    for (const [keyId, key] of options.keys) {
      if (!keyId) problems.push('key ids must be non-empty');
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
        problems.push(`key "${keyId}" must be ${KEY_BYTES} bytes`);
    }
    if (!options.keys.has(options.activeKeyId))
      problems.push(`active key id "${options.activeKeyId}" is not among the keys`);
    if (!Buffer.isBuffer(options.blindIndexKey) || options.blindIndexKey.length < MIN_BLIND_INDEX_KEY_BYTES) {
      problems.push(`blind index key must be at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`);
    } else {
      for (const [keyId, key] of options.keys) {
        if (Buffer.isBuffer(key) && key.equals(options.blindIndexKey))
          problems.push(`blind index key must differ from encryption key "${keyId}"`);
      }
    }
    if (problems.length)
      throw new IdentityCodeCipherError(`Invalid identity code keys: ${problems.join('; ')}`);

    // Copy so later mutation of the caller's map or buffers can't change our keys.
    this.keys = new Map([...options.keys].map(([id, key]) => [id, Buffer.from(key)]));
    this.activeKeyId = options.activeKeyId;
    this.blindIndexKey = Buffer.from(options.blindIndexKey);
  }

  encrypt(code: string): EncryptedIdentityCode {
    if (typeof code !== 'string' || code.length === 0)
      throw new IdentityCodeCipherError('Identity code to encrypt must be a non-empty string');
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(keyId), iv, { authTagLength: TAG_BYTES });
    // Binding the key id means a row can't be relabelled to another key without detection.
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return { keyId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  decrypt(encrypted: EncryptedIdentityCode): string {
    const { keyId, ciphertext } = encrypted;
    const key = this.key(keyId);
    if (!Buffer.isBuffer(ciphertext) || ciphertext.length <= IV_BYTES + TAG_BYTES)
      throw new IdentityCodeCipherError('Identity code ciphertext is truncated or malformed');
    const iv = ciphertext.subarray(0, IV_BYTES);
    const tag = ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = ciphertext.subarray(IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      // OpenSSL's message says nothing useful; ours says what to suspect.
      throw new IdentityCodeCipherError(
        `Identity code ciphertext failed authentication under key "${keyId}" (tampered or wrong key)`,
      );
    }
  }

  /** Keyed, deterministic index (hex) for "is this code already registered?" look-ups. */
  blindIndex(code: string): string {
    if (typeof code !== 'string' || code.trim().length === 0)
      throw new IdentityCodeCipherError('Identity code to index must be a non-empty string');
    return createHmac('sha256', this.blindIndexKey).update(code.trim().toUpperCase(), 'utf8').digest('hex');
  }

  /** Constant-time comparison of a stored blind index with the index of a code. */
  matchesBlindIndex(code: string, storedIndex: string): boolean {
    const a = Buffer.from(this.blindIndex(code), 'hex');
    const b = Buffer.from(storedIndex, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** True when a row encrypted under `keyId` should be re-encrypted with the active key. */
  needsRotation(keyId: string): boolean {
    return keyId !== this.activeKeyId;
  }

  /** Re-encrypts under the active key; returns the input unchanged when it already uses it. */
  rotate(encrypted: EncryptedIdentityCode): EncryptedIdentityCode {
    if (!this.needsRotation(encrypted.keyId)) return encrypted;
    return this.encrypt(this.decrypt(encrypted));
  }

  get currentKeyId(): string {
    return this.activeKeyId;
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new IdentityCodeCipherError(`Unknown identity code key id "${keyId}"`);
    return key;
  }
}

/**
 * Parses a key ring from configuration: `id1:base64key1,id2:base64key2`. Errors name the key id,
 * never the key material.
 */
export function parseIdentityCodeKeys(raw: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of raw.split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const separator = entry.indexOf(':');
    const keyId = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(keyId))
      throw new IdentityCodeCipherError('each key must be written as <id>:<base64 key> with a simple id');
    if (keys.has(keyId)) throw new IdentityCodeCipherError(`key id "${keyId}" appears twice`);
    const material = entry.slice(separator + 1).trim();
    const key = Buffer.from(material, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== material)
      throw new IdentityCodeCipherError(`key "${keyId}" must be ${KEY_BYTES} bytes of base64`);
    keys.set(keyId, key);
  }
  if (keys.size === 0) throw new IdentityCodeCipherError('at least one key is required');
  return keys;
}
