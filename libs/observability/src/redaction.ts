/**
 * Personal-data redaction for logs: sensitive keys are masked wherever they appear, and free
 * text (messages, error messages, stacks) is scrubbed of anything that looks like an email
 * address, a phone number or a Finnish personal identity code.
 */
export const REDACTED = '[redacted]';

/** Keys whose values are personal data or secrets, compared case- and separator-insensitively. */
export const SENSITIVE_KEYS: readonly string[] = [
  'email',
  'phone',
  'phoneNumber',
  'mobile',
  'firstName',
  'lastName',
  'fullName',
  'name',
  'password',
  'passwordHash',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'identityCode',
  'personalIdentityCode',
  'hetu',
  'ssn',
  'address',
  'street',
  'streetAddress',
  'postalCode',
  'zip',
  'ip',
  'ipAddress',
  'remoteAddress',
  'authorization',
  'cookie',
  'setCookie',
];

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const SENSITIVE = new Set(SENSITIVE_KEYS.map(normaliseKey));

export const isSensitiveKey = (key: string): boolean => SENSITIVE.has(normaliseKey(key));

/** pino `redact` paths: the same keys at the top level and a few levels deep. */
export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

// Identity code first: its digits would otherwise be taken for a phone number.
const IDENTITY_CODE = /(?<![\p{L}\p{N}])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\p{L}\p{N}])/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// +358 40 123 4567, +358401234567, (+358) 40-123 4567
const INTERNATIONAL_PHONE = /\+\d{1,3}\)?(?:[\s-]?(?:\(\d{1,4}\)|\d{1,4})){2,6}/g;
// 0401234567, 040 123 4567, 09-123 4567
const NATIONAL_PHONE = /(?<![\p{L}\p{N}+.:/-])0\d{1,3}(?:[\s-]?\d{2,4}){2,4}(?![\p{L}\p{N}])/gu;

export function scrubText(text: string): string {
  return text
    .replace(IDENTITY_CODE, REDACTED)
    .replace(EMAIL, REDACTED)
    .replace(INTERNATIONAL_PHONE, REDACTED)
    .replace(NATIONAL_PHONE, REDACTED);
}

const MAX_DEPTH = 8;

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrubText(error.message) };
  if (error.stack) out.stack = scrubText(error.stack);
  for (const [key, value] of Object.entries(error)) {
    if (key === 'message' || key === 'stack') continue;
    out[key] = isSensitiveKey(key) ? REDACTED : redactValue(value, depth + 1, seen);
  }
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, seen);
  return out;
}

/** A copy of `value` with sensitive keys masked and free text scrubbed, safe to log. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactValue(toJSON.call(value), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}
