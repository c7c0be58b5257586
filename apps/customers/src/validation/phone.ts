import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone number normalisation to E.164 (`+358401234567`). Uses libphonenumber's `max` metadata so
 * validity is checked against real number ranges, not only lengths.
 *
 * National numbers are read in `defaultCountry` (Finland by default): `040 123 4567`,
 * `09 1234567`, `00358…` and `+358 …` all work. Foreign numbers need `+` or `00` and the country
 * code. Only digits and common separators are allowed: libphonenumber would otherwise fish a
 * number out of free text ("call 040…") or drop an extension silently.
 */

export type PhoneResult = { readonly ok: true; readonly e164: string } | { readonly ok: false };

const MAX_INPUT_LENGTH = 40;
// Digits, one leading +, spaces (incl. no-break), and - ( ) . / as separators; no line breaks.
const ALLOWED = /^\+?[\d \u00a0\-()./]+$/;

export function normalisePhone(input: unknown, defaultCountry: CountryCode = 'FI'): PhoneResult {
  if (typeof input !== 'string') return { ok: false };
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_INPUT_LENGTH || !ALLOWED.test(trimmed))
    return { ok: false };
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed?.isValid()) return { ok: false };
  return { ok: true, e164: parsed.number };
}

export function isValidPhone(input: unknown, defaultCountry: CountryCode = 'FI'): boolean {
  return normalisePhone(input, defaultCountry).ok;
}
