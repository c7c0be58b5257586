import { LANGUAGES, type Language } from '@offera/contracts';
import { normalisePhone } from '../validation/phone.js';
import { invalid } from './register.errors.js';

/**
 * The service's authoritative checks of the fields the gateway already shape-checked. Each
 * throws VALIDATION_FAILED naming the field, never echoing the value.
 */

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;
// One @, no spaces, a dot in the domain: deliverability is the mail server's business.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkName(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < 1 || [...text].length > 100 || !NAME.test(text))
    throw invalid(`${field} must be 1 to 100 letters (spaces, hyphens and apostrophes allowed)`);
  return text;
}

export function checkEmail(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > 254 || !EMAIL.test(text)) throw invalid('email must be an email address');
  return text;
}

export function checkPhone(value: unknown): string {
  const result = normalisePhone(value);
  if (!result.ok) throw invalid('phone is not a valid phone number');
  return result.e164;
}

export function checkLanguage(value: unknown): Language {
  if (!(LANGUAGES as readonly unknown[]).includes(value)) throw invalid('language must be fi or en');
  return value as Language;
}
