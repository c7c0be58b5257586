/**
 * Finnish business id (Y-tunnus): seven digits, a hyphen and a check digit, e.g. `0737546-2`.
 *
 * Input handling (deliberate choices):
 * - Surrounding whitespace is stripped.
 * - The old six-digit form (`737546-2`, issued before 1991) is accepted and returned with its
 *   leading zero; a leading zero does not change the weighted sum, so the check digit is the same.
 * - The hyphen is required: without it a seven-digit string would be ambiguous between an old
 *   id and a new one missing its check digit. VAT forms (`FI07375462`) are not accepted here.
 */

export enum BusinessIdError {
  FORMAT = 'FORMAT',
  CHECKSUM = 'CHECKSUM',
}

export type BusinessIdResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: BusinessIdError };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;
const SHAPE = /^(\d{6,7})-(\d)$/;

export function parseBusinessId(input: unknown): BusinessIdResult {
  if (typeof input !== 'string') return { ok: false, reason: BusinessIdError.FORMAT };
  const m = SHAPE.exec(input.trim());
  if (!m) return { ok: false, reason: BusinessIdError.FORMAT };
  const digits = m[1].padStart(7, '0');
  const expected = businessIdCheckDigit(digits);
  if (expected === undefined || expected !== Number(m[2]))
    return { ok: false, reason: BusinessIdError.CHECKSUM };
  return { ok: true, value: `${digits}-${m[2]}` };
}

export function isValidBusinessId(input: unknown): boolean {
  return parseBusinessId(input).ok;
}

/**
 * Check digit for a seven-digit body, or undefined when no check digit exists (remainder 1:
 * such bodies are never issued).
 */
export function businessIdCheckDigit(body: string): number | undefined {
  if (!/^\d{7}$/.test(body)) throw new TypeError('business id body must be seven digits');
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(body[i]), 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return undefined;
  return 11 - remainder;
}
