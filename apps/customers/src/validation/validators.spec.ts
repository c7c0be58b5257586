import { IsOptional, validate, type ValidationError } from 'class-validator';

import {
  IsBusinessId,
  IsCountryCode,
  IsFinnishIdentityCode,
  IsPhoneNumber,
  IsPostalCode,
} from './validators.js';

class PersonDto {
  @IsFinnishIdentityCode()
  identityCode: unknown;
}

class TemporaryAllowedDto {
  @IsFinnishIdentityCode({ allowTemporary: true })
  identityCode: unknown;
}

class CompanyDto {
  @IsBusinessId()
  businessId: unknown;
}

class ContactDto {
  @IsPhoneNumber()
  phone: unknown;
}

class SwedishContactDto {
  @IsPhoneNumber('SE')
  phone: unknown;
}

class FinnishAddressDto {
  @IsPostalCode()
  postalCode: unknown;
}

class AddressDto {
  @IsOptional()
  @IsCountryCode()
  country?: unknown;

  @IsPostalCode({ countryProperty: 'country' })
  postalCode: unknown;
}

class ListDto {
  @IsFinnishIdentityCode({}, { each: true })
  codes: unknown;
}

class CustomMessageDto {
  @IsBusinessId({ message: 'custom: $property' })
  businessId: unknown;
}

function make<T extends object>(cls: new () => T, values: Partial<Record<keyof T, unknown>>): T {
  return Object.assign(new cls(), values);
}

async function messages(object: object): Promise<string[]> {
  const errors: ValidationError[] = await validate(object);
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('IsFinnishIdentityCode', () => {
  it('accepts a valid regular code, in either case', async () => {
    expect(await messages(make(PersonDto, { identityCode: '131052-308T' }))).toEqual([]);
    expect(await messages(make(PersonDto, { identityCode: '131052-308t' }))).toEqual([]);
  });

  it('rejects temporary codes unless allowed', async () => {
    expect(await messages(make(PersonDto, { identityCode: '010594Y9032' }))).toEqual([
      'identityCode is not a valid Finnish personal identity code: temporary identity codes are not accepted',
    ]);
    expect(await messages(make(TemporaryAllowedDto, { identityCode: '010594Y9032' }))).toEqual([]);
  });

  it.each([
    ['131052-308U', 'the check character does not match'],
    ['300223A123V', 'the date of birth is not a real date'],
    ['131052G308T', 'the century sign is not one of + - Y X W V U A B C D E F'],
    ['131052-308', 'expected 11 characters in the form DDMMYYCNNNX'],
    ['311299F998D', 'the date of birth is in the future'],
    ['010100+000E', 'the individual number is never issued'],
  ])('explains why %s is rejected without echoing it', async (code, reason) => {
    const result = await messages(make(TemporaryAllowedDto, { identityCode: code }));
    expect(result).toEqual([`identityCode is not a valid Finnish personal identity code: ${reason}`]);
    expect(result.join()).not.toContain(code);
    expect(result.join()).not.toContain(code.slice(0, 6));
  });

  it.each([undefined, null, 131052, {}])('rejects non-string %j', async (value) => {
    expect(await messages(make(PersonDto, { identityCode: value }))).toHaveLength(1);
  });

  it('validates each element of an array', async () => {
    expect(await messages(make(ListDto, { codes: ['131052-308T', '311299+0029'] }))).toEqual([]);
    const result = await messages(make(ListDto, { codes: ['131052-308T', '131052-308U'] }));
    expect(result).toEqual(['each value in codes is not a valid Finnish personal identity code']);
  });
});

describe('IsBusinessId', () => {
  it('accepts valid ids, including the old six-digit form', async () => {
    for (const id of ['0737546-2', '1572860-0', '2617416-4', '737546-2']) {
      expect(await messages(make(CompanyDto, { businessId: id }))).toEqual([]);
    }
  });

  it('rejects bad ids without echoing them', async () => {
    for (const id of ['0737546-3', '07375462', '', 7375462]) {
      const result = await messages(make(CompanyDto, { businessId: id }));
      expect(result).toEqual(['businessId is not a valid Finnish business id (Y-tunnus)']);
    }
  });

  it('honours a custom message', async () => {
    expect(await messages(make(CustomMessageDto, { businessId: 'x' }))).toEqual(['custom: businessId']);
  });
});

describe('IsPhoneNumber', () => {
  it.each([
    '040 123 4567',
    '0401234567',
    '+358 40 1234567',
    '00358401234567',
    '09 1234567',
    '+46 70 123 45 67',
  ])('accepts %j', async (phone) => {
    expect(await messages(make(ContactDto, { phone }))).toEqual([]);
  });

  it.each(['12345', 'call me', '040 123 4567 ext 5', '', 401234567])(
    'rejects %j without echoing it',
    async (phone) => {
      const result = await messages(make(ContactDto, { phone }));
      expect(result).toEqual(['phone is not a valid phone number']);
    },
  );

  it('reads national numbers in the configured country', async () => {
    expect(await messages(make(SwedishContactDto, { phone: '073-123 45 67' }))).toEqual([]);
    expect(await messages(make(ContactDto, { phone: '073-123 45 67' }))).toHaveLength(1);
  });
});

describe('IsPostalCode', () => {
  it('requires five digits as text by default', async () => {
    expect(await messages(make(FinnishAddressDto, { postalCode: '00100' }))).toEqual([]);
    for (const postalCode of ['0010', '001000', 'SW1A 1AA', 100, undefined]) {
      expect(await messages(make(FinnishAddressDto, { postalCode }))).toEqual([
        'postalCode must be a Finnish postal code of exactly 5 digits',
      ]);
    }
  });

  it('follows a sibling country property', async () => {
    expect(await messages(make(AddressDto, { postalCode: '00100' }))).toEqual([]);
    expect(await messages(make(AddressDto, { country: 'FI', postalCode: '00100' }))).toEqual([]);
    expect(await messages(make(AddressDto, { country: 'gb', postalCode: 'SW1A 1AA' }))).toEqual([]);
    expect(await messages(make(AddressDto, { country: 'FI', postalCode: 'SW1A 1AA' }))).toEqual([
      'postalCode must be a Finnish postal code of exactly 5 digits',
    ]);
    expect(await messages(make(AddressDto, { country: 'GB', postalCode: 'SW1A<1AA' }))).toEqual([
      'postalCode is not a valid postal code',
    ]);
  });

  it('judges the postal code by Finnish rules when the country is invalid, and reports the country', async () => {
    expect(await messages(make(AddressDto, { country: 'ZZ', postalCode: 'SW1A 1AA' }))).toEqual([
      'country must be an ISO 3166-1 alpha-2 country code',
      'postalCode must be a Finnish postal code of exactly 5 digits',
    ]);
  });
});

describe('IsCountryCode', () => {
  it('rejects blank and unassigned codes', async () => {
    for (const country of ['', ' ', 'FIN', 'ZZ', 246]) {
      expect(await messages(make(AddressDto, { country, postalCode: '00100' }))).toEqual([
        'country must be an ISO 3166-1 alpha-2 country code',
      ]);
    }
  });
});
