import { createHmac, hkdfSync } from 'node:crypto';

/** The request header (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response to a request whose key had been used before with the same payload. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const MAX_KEY_LENGTH = 255;
// Visible ASCII without the double quote and backslash (a structured-field string's content).
const KEY_CHARS = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export type ParsedKey =
  { readonly ok: true; readonly key: string | undefined } | { readonly ok: false; readonly reason: string };

/**
 * Reads an `Idempotency-Key` header value. The draft makes it a structured-field string
 * (`"..."`); the bare form most clients send is accepted too. No header is fine: the key is
 * optional, and without one a request is handled as it always was.
 */
export function parseIdempotencyKey(raw: string | readonly string[] | undefined): ParsedKey {
  if (raw === undefined) return { ok: true, key: undefined };
  if (typeof raw !== 'string') return { ok: false, reason: 'Idempotency-Key must be sent once' };
  const trimmed = raw.trim();
  const key =
    trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_CHARS.test(key)) {
    return {
      ok: false,
      reason: `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters, such as a UUID`,
    };
  }
  return { ok: true, key };
}

/**
 * JSON with object keys sorted, so two bodies that differ only in key order have the same
 * fingerprint. Arrays keep their order: it is meaningful.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Keyed hashes for idempotency records. Redis only ever holds these: the caller's key and the
 * request body (which may carry an address) are not readable there, and without the secret
 * the records cannot be linked to a customer.
 */
export class IdempotencyHasher {
  private readonly secret: Buffer;

  constructor(masterKey: Buffer) {
    // Its own key, derived from the message key, so neither hash can be used for the other.
    this.secret = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'offera:gateway:idempotency', 32),
    );
  }

  /** The key's identity: one caller's key on one route. Also the request key services dedupe on. */
  scope(callerId: string, route: string, key: string): string {
    return this.hash(`scope\n${callerId}\n${route}\n${key}`);
  }

  /** What the request asked for: its path parameters and body. */
  fingerprint(params: unknown, body: unknown): string {
    return this.hash(`payload\n${canonicalJson(params ?? {})}\n${canonicalJson(body ?? null)}`);
  }

  private hash(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }
}
