import { buildMessage, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import type { CountryCode } from 'libphonenumber-js/max';

import {
  IDENTITY_CODE_ERROR_MESSAGES,
  parseIdentityCode,
  type ParseIdentityCodeOptions,
} from '../identity/identity-code.js';
import { parseCountryCode, parsePostalCode, DEFAULT_COUNTRY } from './address.js';
import { isValidBusinessId } from './business-id.js';
import { isValidPhone } from './phone.js';

/**
 * class-validator decorators for DTOs. Default messages name the property, never the value
 * (`$value` is deliberately unused): these values are personal data and messages reach clients
 * and logs. The decorators only check; services normalise with the parse functions
 * (`parseIdentityCode`, `parseBusinessId`, `normalisePhone`, `validateAddress`).
 *
 * `IsPhoneNumber` and `IsPostalCode` share names with class-validator's own decorators: import
 * them from here, not from 'class-validator'.
 */

export const IS_FINNISH_IDENTITY_CODE = 'isFinnishIdentityCode';
export const IS_BUSINESS_ID = 'isBusinessId';
export const IS_FINNISH_PHONE_NUMBER = 'isFinnishPhoneNumber';
export const IS_POSTAL_CODE_FOR_COUNTRY = 'isPostalCodeForCountry';
export const IS_COUNTRY_CODE = 'isCountryCode';

export interface IsFinnishIdentityCodeOptions {
  /** Accept temporary codes (individual number 900–999). Default false. */
  readonly allowTemporary?: boolean;
}

export function IsFinnishIdentityCode(
  options: IsFinnishIdentityCodeOptions = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  const parseOptions: ParseIdentityCodeOptions = { allowTemporary: options.allowTemporary ?? false };
  return ValidateBy(
    {
      name: IS_FINNISH_IDENTITY_CODE,
      constraints: [parseOptions.allowTemporary],
      validator: {
        validate: (value: unknown): boolean => parseIdentityCode(value, parseOptions).ok,
        defaultMessage: buildMessage((eachPrefix: string, args?: ValidationArguments) => {
          const base = `${eachPrefix}$property is not a valid Finnish personal identity code`;
          // With `each`, args.value is the whole array, so no single reason applies.
          if (!args || Array.isArray(args.value)) return base;
          const result = parseIdentityCode(args.value, parseOptions);
          return result.ok ? base : `${base}: ${IDENTITY_CODE_ERROR_MESSAGES[result.reason]}`;
        }, validationOptions),
      },
    },
    validationOptions,
  );
}

export function IsBusinessId(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_BUSINESS_ID,
      validator: {
        validate: (value: unknown): boolean => isValidBusinessId(value),
        defaultMessage: buildMessage(
          (eachPrefix: string) => `${eachPrefix}$property is not a valid Finnish business id (Y-tunnus)`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

/** A phone number that `normalisePhone` accepts (national numbers read in `defaultCountry`). */
export function IsPhoneNumber(
  defaultCountry: CountryCode = 'FI',
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_FINNISH_PHONE_NUMBER,
      constraints: [defaultCountry],
      validator: {
        validate: (value: unknown): boolean => isValidPhone(value, defaultCountry),
        defaultMessage: buildMessage(
          (eachPrefix: string) => `${eachPrefix}$property is not a valid phone number`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

export interface IsPostalCodeOptions {
  /**
   * Sibling property holding the country code. When set and that country is not FI/AX, only the
   * general shape is checked. Without it (or when the sibling is empty) the code must be Finnish.
   */
  readonly countryProperty?: string;
}

export function IsPostalCode(
  options: IsPostalCodeOptions = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  const countryOf = (args: ValidationArguments | undefined): string => {
    if (!options.countryProperty || !args) return DEFAULT_COUNTRY;
    const raw: unknown = (args.object as Record<string, unknown>)[options.countryProperty];
    const country = parseCountryCode(raw);
    // A bad country is reported by its own validator; judge the postal code by Finnish rules.
    return country.ok ? country.value : DEFAULT_COUNTRY;
  };
  return ValidateBy(
    {
      name: IS_POSTAL_CODE_FOR_COUNTRY,
      constraints: [options.countryProperty],
      validator: {
        validate: (value: unknown, args?: ValidationArguments): boolean =>
          parsePostalCode(value, countryOf(args)).ok,
        defaultMessage: buildMessage((eachPrefix: string, args?: ValidationArguments) => {
          const country = countryOf(args);
          return country === 'FI' || country === 'AX'
            ? `${eachPrefix}$property must be a Finnish postal code of exactly 5 digits`
            : `${eachPrefix}$property is not a valid postal code`;
        }, validationOptions),
      },
    },
    validationOptions,
  );
}

/** ISO 3166-1 alpha-2 country code, case-insensitive (normalise with `parseCountryCode`). */
export function IsCountryCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_COUNTRY_CODE,
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'string' && value.trim() !== '' && parseCountryCode(value).ok,
        defaultMessage: buildMessage(
          (eachPrefix: string) => `${eachPrefix}$property must be an ISO 3166-1 alpha-2 country code`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
