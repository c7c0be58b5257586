/**
 * Postal address and coordinate checks for customer profiles and service addresses.
 *
 * Choices: text fields are trimmed, must be non-empty and are length-limited in characters (code
 * points); control characters are refused. Postal codes are text so leading zeros survive
 * (`00100` is Helsinki). Finland and Åland (FI, AX) need exactly five digits; other countries get
 * a loose shape check only. Country codes are ISO 3166-1 alpha-2, case-insensitive on input,
 * returned upper case, FI when omitted.
 */

export const STREET_MAX_LENGTH = 200;
export const CITY_MAX_LENGTH = 100;
export const DEFAULT_COUNTRY = 'FI';

export enum AddressError {
  REQUIRED = 'REQUIRED',
  TOO_LONG = 'TOO_LONG',
  INVALID_CHARACTERS = 'INVALID_CHARACTERS',
  FORMAT = 'FORMAT',
  UNKNOWN_COUNTRY = 'UNKNOWN_COUNTRY',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  /** Only one of latitude and longitude was given. */
  INCOMPLETE_COORDINATES = 'INCOMPLETE_COORDINATES',
}

export type FieldResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: AddressError };

export type AddressField = 'street' | 'postalCode' | 'city' | 'country' | 'latitude' | 'longitude';

export interface AddressInput {
  readonly street?: unknown;
  readonly postalCode?: unknown;
  readonly city?: unknown;
  readonly country?: unknown;
  readonly latitude?: unknown;
  readonly longitude?: unknown;
}

export interface Address {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly country: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

export type AddressResult =
  | { readonly ok: true; readonly value: Address }
  | {
      readonly ok: false;
      readonly errors: readonly { readonly field: AddressField; readonly reason: AddressError }[];
    };

// Officially assigned ISO 3166-1 alpha-2 codes (249).
const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
  BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ
  FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ
  IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH
  MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
  PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD
  TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`
    .split(/\s+/)
    .filter(Boolean),
);

/** Countries whose postal codes are exactly five digits (Åland uses Finland's system). */
const FIVE_DIGIT_COUNTRIES: ReadonlySet<string> = new Set(['FI', 'AX']);

const FINNISH_POSTAL_CODE = /^\d{5}$/;
const OTHER_POSTAL_CODE = /^[A-Z0-9](?:[A-Z0-9 -]{0,8}[A-Z0-9])?$/i;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function isIsoCountryCode(value: unknown): boolean {
  return typeof value === 'string' && ISO_COUNTRIES.has(value);
}

/** Country code, FI when undefined, null or blank. */
export function parseCountryCode(value: unknown): FieldResult<string> {
  if (value === undefined || value === null) return { ok: true, value: DEFAULT_COUNTRY };
  if (typeof value !== 'string') return { ok: false, reason: AddressError.FORMAT };
  const code = value.trim().toUpperCase();
  if (code === '') return { ok: true, value: DEFAULT_COUNTRY };
  if (!/^[A-Z]{2}$/.test(code)) return { ok: false, reason: AddressError.FORMAT };
  return ISO_COUNTRIES.has(code)
    ? { ok: true, value: code }
    : { ok: false, reason: AddressError.UNKNOWN_COUNTRY };
}

/** Postal code as text; for FI and AX exactly five digits. Surrounding whitespace is stripped. */
export function parsePostalCode(value: unknown, country: string = DEFAULT_COUNTRY): FieldResult<string> {
  if (typeof value !== 'string' && value !== undefined && value !== null)
    return { ok: false, reason: AddressError.FORMAT };
  const code = (value ?? '').trim();
  if (code === '') return { ok: false, reason: AddressError.REQUIRED };
  const shape = FIVE_DIGIT_COUNTRIES.has(country.toUpperCase()) ? FINNISH_POSTAL_CODE : OTHER_POSTAL_CODE;
  return shape.test(code)
    ? { ok: true, value: code.toUpperCase() }
    : { ok: false, reason: AddressError.FORMAT };
}

export function isFinnishPostalCode(value: unknown): boolean {
  return parsePostalCode(value, 'FI').ok;
}

export function parseStreet(value: unknown): FieldResult<string> {
  return parseText(value, STREET_MAX_LENGTH);
}

export function parseCity(value: unknown): FieldResult<string> {
  return parseText(value, CITY_MAX_LENGTH);
}

export function isValidLatitude(value: unknown): value is number {
  return inRange(value, 90);
}

export function isValidLongitude(value: unknown): value is number {
  return inRange(value, 180);
}

/** Validates a whole address, reporting every bad field at once. Coordinates are optional but paired. */
export function validateAddress(input: AddressInput): AddressResult {
  const errors: { field: AddressField; reason: AddressError }[] = [];
  const check = <T>(field: AddressField, result: FieldResult<T>): T | undefined => {
    if (result.ok) return result.value;
    errors.push({ field, reason: result.reason });
    return undefined;
  };

  const street = check('street', parseStreet(input.street));
  const city = check('city', parseCity(input.city));
  const country = check('country', parseCountryCode(input.country));
  // With an unusable country, judge the postal code by Finnish rules rather than not at all.
  const postalCode = check('postalCode', parsePostalCode(input.postalCode, country ?? DEFAULT_COUNTRY));

  const hasLatitude = input.latitude !== undefined && input.latitude !== null;
  const hasLongitude = input.longitude !== undefined && input.longitude !== null;
  if (hasLatitude && !isValidLatitude(input.latitude))
    errors.push({ field: 'latitude', reason: coordinateReason(input.latitude) });
  if (hasLongitude && !isValidLongitude(input.longitude))
    errors.push({ field: 'longitude', reason: coordinateReason(input.longitude) });
  if (hasLatitude !== hasLongitude)
    errors.push({
      field: hasLatitude ? 'longitude' : 'latitude',
      reason: AddressError.INCOMPLETE_COORDINATES,
    });

  if (
    errors.length ||
    street === undefined ||
    city === undefined ||
    country === undefined ||
    postalCode === undefined
  )
    return { ok: false, errors };
  const value: Address = { street, postalCode, city, country };
  return hasLatitude && hasLongitude
    ? {
        ok: true,
        value: { ...value, latitude: input.latitude as number, longitude: input.longitude as number },
      }
    : { ok: true, value };
}

function parseText(value: unknown, maxLength: number): FieldResult<string> {
  if (typeof value !== 'string' && value !== undefined && value !== null)
    return { ok: false, reason: AddressError.FORMAT };
  const text = (value ?? '').trim();
  if (text === '') return { ok: false, reason: AddressError.REQUIRED };
  if (CONTROL_CHARACTERS.test(text)) return { ok: false, reason: AddressError.INVALID_CHARACTERS };
  // Count code points, not UTF-16 units, so "Ä" and emoji count as one character each.
  if ([...text].length > maxLength) return { ok: false, reason: AddressError.TOO_LONG };
  return { ok: true, value: text };
}

function inRange(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -limit && value <= limit;
}

function coordinateReason(value: unknown): AddressError {
  return typeof value === 'number' && Number.isFinite(value)
    ? AddressError.OUT_OF_RANGE
    : AddressError.FORMAT;
}
