import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 16;
const ID_BYTES = 16;
const MAC_BYTES = 16;
const TOKEN_BYTES = 1 + IV_BYTES + ID_BYTES + MAC_BYTES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The token of an unsubscribe link: the subject id encrypted (AES-256-CTR) and signed
 * (HMAC-SHA256, encrypt-then-MAC) under two keys derived from one configured secret, so a
 * link names nobody in clear and cannot be forged or altered. It never expires: a link in an
 * old message must still work (RFC 8058).
 */
export class UnsubscribeToken {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer) {
    this.encKey = createHmac('sha256', secret).update('unsubscribe-token:enc').digest();
    this.macKey = createHmac('sha256', secret).update('unsubscribe-token:mac').digest();
  }

  issue(subjectId: string): string {
    if (!UUID.test(subjectId)) throw new Error('An unsubscribe token names a subject id');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-ctr', this.encKey, iv);
    const id = Buffer.from(subjectId.replace(/-/g, ''), 'hex');
    const body = Buffer.concat([Buffer.of(VERSION), iv, cipher.update(id), cipher.final()]);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** The subject the token names, or null when it is malformed, altered or signed with another key. */
  open(token: string): string | null {
    if (token.length > 100 || !BASE64URL.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== TOKEN_BYTES || raw[0] !== VERSION) return null;
    const body = raw.subarray(0, TOKEN_BYTES - MAC_BYTES);
    if (!timingSafeEqual(this.mac(body), raw.subarray(TOKEN_BYTES - MAC_BYTES))) return null;
    const decipher = createCipheriv('aes-256-ctr', this.encKey, body.subarray(1, 1 + IV_BYTES));
    const hex = Buffer.concat([decipher.update(body.subarray(1 + IV_BYTES)), decipher.final()]).toString(
      'hex',
    );
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(body).digest().subarray(0, MAC_BYTES);
  }
}
