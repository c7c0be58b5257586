import {
  AddressError,
  CITY_MAX_LENGTH,
  STREET_MAX_LENGTH,
  isFinnishPostalCode,
  isIsoCountryCode,
  isValidLatitude,
  isValidLongitude,
  parseCity,
  parseCountryCode,
  parsePostalCode,
  parseStreet,
  validateAddress,
} from './address.js';

describe('parsePostalCode', () => {
  it.each(['00100', '33100', '99999', '00000', '22100'])(
    'accepts Finnish %s as text, leading zeros kept',
    (code) => {
      expect(parsePostalCode(code)).toEqual({ ok: true, value: code });
    },
  );

  it('strips surrounding whitespace', () => {
    expect(parsePostalCode(' 00100 ')).toEqual({ ok: true, value: '00100' });
  });

  it.each(['0010', '001000', '00 100', '00-100', 'FI-00100', 'abcde', '１２３４５', '00100\n1'])(
    'rejects %j for Finland',
    (code) => {
      expect(parsePostalCode(code, 'FI')).toEqual({ ok: false, reason: AddressError.FORMAT });
    },
  );

  it('requires a value', () => {
    for (const blank of ['', '   ', undefined, null]) {
      expect(parsePostalCode(blank)).toEqual({ ok: false, reason: AddressError.REQUIRED });
    }
  });

  it('rejects non-strings such as numbers (which would lose leading zeros)', () => {
    expect(parsePostalCode(100)).toEqual({ ok: false, reason: AddressError.FORMAT });
    expect(parsePostalCode(33100)).toEqual({ ok: false, reason: AddressError.FORMAT });
  });

  it('applies the five-digit rule to Åland too', () => {
    expect(parsePostalCode('22100', 'AX')).toEqual({ ok: true, value: '22100' });
    expect(parsePostalCode('AX-22100', 'AX')).toEqual({ ok: false, reason: AddressError.FORMAT });
  });

  it('checks only the general shape for other countries', () => {
    expect(parsePostalCode('SW1A 1AA', 'GB')).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(parsePostalCode('sw1a 1aa', 'GB')).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(parsePostalCode('114 55', 'SE')).toEqual({ ok: true, value: '114 55' });
    expect(parsePostalCode('1234', 'NO')).toEqual({ ok: true, value: '1234' });
    expect(parsePostalCode('12345678901', 'DE')).toEqual({ ok: false, reason: AddressError.FORMAT });
    expect(parsePostalCode('12<34', 'DE')).toEqual({ ok: false, reason: AddressError.FORMAT });
    expect(parsePostalCode('-1234', 'DE')).toEqual({ ok: false, reason: AddressError.FORMAT });
  });

  it('isFinnishPostalCode mirrors the Finnish rule', () => {
    expect(isFinnishPostalCode('00100')).toBe(true);
    expect(isFinnishPostalCode('SW1A 1AA')).toBe(false);
    expect(isFinnishPostalCode(100)).toBe(false);
  });
});

describe('parseCountryCode', () => {
  it('defaults to FI when absent or blank', () => {
    for (const absent of [undefined, null, '', '  ']) {
      expect(parseCountryCode(absent)).toEqual({ ok: true, value: 'FI' });
    }
  });

  it('accepts assigned alpha-2 codes in any case', () => {
    expect(parseCountryCode('SE')).toEqual({ ok: true, value: 'SE' });
    expect(parseCountryCode('ee')).toEqual({ ok: true, value: 'EE' });
    expect(parseCountryCode(' ax ')).toEqual({ ok: true, value: 'AX' });
  });

  it('rejects unassigned or reserved codes', () => {
    for (const code of ['ZZ', 'UK', 'EU', 'XK', 'QQ']) {
      expect(parseCountryCode(code)).toEqual({ ok: false, reason: AddressError.UNKNOWN_COUNTRY });
    }
  });

  it('rejects other shapes', () => {
    for (const code of ['FIN', 'F', '246', 'F1', 12]) {
      expect(parseCountryCode(code)).toEqual({ ok: false, reason: AddressError.FORMAT });
    }
  });

  it('isIsoCountryCode is exact and case-sensitive', () => {
    expect(isIsoCountryCode('FI')).toBe(true);
    expect(isIsoCountryCode('fi')).toBe(false);
    expect(isIsoCountryCode('ZZ')).toBe(false);
  });
});

describe('street and city', () => {
  it('trims and accepts ordinary text', () => {
    expect(parseStreet('  Mannerheimintie 1 A 2 ')).toEqual({ ok: true, value: 'Mannerheimintie 1 A 2' });
    expect(parseCity('Pietarsaari – Jakobstad')).toEqual({ ok: true, value: 'Pietarsaari – Jakobstad' });
    expect(parseCity('Hämeenlinna')).toEqual({ ok: true, value: 'Hämeenlinna' });
  });

  it('requires a non-blank string', () => {
    for (const blank of ['', ' \t ', undefined, null]) {
      expect(parseStreet(blank)).toEqual({ ok: false, reason: AddressError.REQUIRED });
      expect(parseCity(blank)).toEqual({ ok: false, reason: AddressError.REQUIRED });
    }
    expect(parseStreet(42)).toEqual({ ok: false, reason: AddressError.FORMAT });
    expect(parseCity(['Espoo'])).toEqual({ ok: false, reason: AddressError.FORMAT });
  });

  it('limits length in characters', () => {
    expect(parseStreet('ä'.repeat(STREET_MAX_LENGTH))).toEqual({
      ok: true,
      value: 'ä'.repeat(STREET_MAX_LENGTH),
    });
    expect(parseStreet('a'.repeat(STREET_MAX_LENGTH + 1))).toEqual({
      ok: false,
      reason: AddressError.TOO_LONG,
    });
    expect(parseCity('ö'.repeat(CITY_MAX_LENGTH))).toEqual({ ok: true, value: 'ö'.repeat(CITY_MAX_LENGTH) });
    expect(parseCity('o'.repeat(CITY_MAX_LENGTH + 1))).toEqual({ ok: false, reason: AddressError.TOO_LONG });
    // Surrounding whitespace does not count.
    expect(parseCity(`  ${'o'.repeat(CITY_MAX_LENGTH)}  `).ok).toBe(true);
  });

  it('refuses control characters inside', () => {
    expect(parseStreet('Katu 1\nKatu 2')).toEqual({ ok: false, reason: AddressError.INVALID_CHARACTERS });
    expect(parseCity('Espoo\u0000')).toEqual({ ok: false, reason: AddressError.INVALID_CHARACTERS });
    expect(parseCity('Es\u2028poo')).toEqual({ ok: false, reason: AddressError.INVALID_CHARACTERS });
  });
});

describe('coordinates', () => {
  it('accepts the inclusive ranges', () => {
    for (const lat of [-90, 0, 60.1699, 90]) expect(isValidLatitude(lat)).toBe(true);
    for (const lon of [-180, 0, 24.9384, 180]) expect(isValidLongitude(lon)).toBe(true);
  });

  it('rejects out of range, non-finite and non-numbers', () => {
    for (const lat of [-90.0001, 90.0001, 180, NaN, Infinity, '60.1', null, undefined]) {
      expect(isValidLatitude(lat)).toBe(false);
    }
    for (const lon of [-180.0001, 180.0001, NaN, -Infinity, '24.9', null]) {
      expect(isValidLongitude(lon)).toBe(false);
    }
  });
});

describe('validateAddress', () => {
  it('normalises a Finnish address with FI as the default country', () => {
    expect(
      validateAddress({ street: ' Aleksanterinkatu 52 ', postalCode: '00100', city: 'Helsinki ' }),
    ).toEqual({
      ok: true,
      value: { street: 'Aleksanterinkatu 52', postalCode: '00100', city: 'Helsinki', country: 'FI' },
    });
  });

  it('keeps paired coordinates', () => {
    expect(
      validateAddress({
        street: 'Aleksanterinkatu 52',
        postalCode: '00100',
        city: 'Helsinki',
        country: 'fi',
        latitude: 60.1695,
        longitude: 24.9354,
      }),
    ).toEqual({
      ok: true,
      value: {
        street: 'Aleksanterinkatu 52',
        postalCode: '00100',
        city: 'Helsinki',
        country: 'FI',
        latitude: 60.1695,
        longitude: 24.9354,
      },
    });
  });

  it('judges the postal code by the given country', () => {
    const result = validateAddress({
      street: 'Drottninggatan 1',
      postalCode: '111 51',
      city: 'Stockholm',
      country: 'SE',
    });
    expect(result.ok && result.value.postalCode).toBe('111 51');
    expect(validateAddress({ street: 'Katu 1', postalCode: '111 51', city: 'Espoo', country: 'FI' })).toEqual(
      {
        ok: false,
        errors: [{ field: 'postalCode', reason: AddressError.FORMAT }],
      },
    );
  });

  it('reports every bad field at once', () => {
    expect(
      validateAddress({
        street: '',
        postalCode: '123',
        city: 'x'.repeat(101),
        country: 'ZZ',
        latitude: 91,
        longitude: 'east',
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'street', reason: AddressError.REQUIRED },
        { field: 'city', reason: AddressError.TOO_LONG },
        { field: 'country', reason: AddressError.UNKNOWN_COUNTRY },
        { field: 'postalCode', reason: AddressError.FORMAT },
        { field: 'latitude', reason: AddressError.OUT_OF_RANGE },
        { field: 'longitude', reason: AddressError.FORMAT },
      ],
    });
  });

  it('requires both coordinates or neither', () => {
    const base = { street: 'Katu 1', postalCode: '02100', city: 'Espoo' };
    expect(validateAddress({ ...base, latitude: 60.2 })).toEqual({
      ok: false,
      errors: [{ field: 'longitude', reason: AddressError.INCOMPLETE_COORDINATES }],
    });
    expect(validateAddress({ ...base, longitude: 24.6 })).toEqual({
      ok: false,
      errors: [{ field: 'latitude', reason: AddressError.INCOMPLETE_COORDINATES }],
    });
    expect(validateAddress({ ...base, latitude: null, longitude: null })).toEqual({
      ok: true,
      value: { ...base, country: 'FI' },
    });
  });

  it('rejects an empty input object', () => {
    const result = validateAddress({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['street', 'city', 'postalCode']);
  });
});
