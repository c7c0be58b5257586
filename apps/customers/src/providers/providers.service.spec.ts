import { ErrorCode } from '@offera/contracts';
import type { DataSource } from 'typeorm';
import { ProvidersService } from './providers.service.js';

/** The DomainError code a call throws. */
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('ProvidersService.check', () => {
  // check() is pure; it never touches the database.
  const service = new ProvidersService(undefined as unknown as DataSource);
  const base = { postalCodes: ['00100'], serviceCodes: ['home-cleaning'] };

  it('accepts a person and normalises (dedupes, sorts) areas and services', () => {
    expect(
      service.check({
        kind: 'person',
        postalCodes: ['00120', '00100', '00120'],
        serviceCodes: ['window-cleaning', 'home-cleaning'],
      }),
    ).toEqual({
      kind: 'person',
      businessId: null,
      companyName: null,
      postalCodes: ['00100', '00120'],
      serviceCodes: ['home-cleaning', 'window-cleaning'],
    });
  });

  it('accepts a company with a checksum-valid business id, adding the old form’s leading zero', () => {
    expect(
      service.check({ kind: 'company', businessId: '737546-2', companyName: ' Oy Ab ', ...base }),
    ).toMatchObject({
      businessId: '0737546-2',
      companyName: 'Oy Ab',
    });
  });

  it.each([
    ['no details', undefined, /provider.kind/],
    [
      'a company with a bad check digit',
      { kind: 'company', businessId: '3230846-5', companyName: 'X', ...base },
      /businessId/,
    ],
    ['a company without a name', { kind: 'company', businessId: '3230846-4', ...base }, /companyName/],
    [
      'a person with a business id',
      { kind: 'person', businessId: '3230846-4', ...base },
      /only for a company/,
    ],
    ['no postal codes', { kind: 'person', postalCodes: [], serviceCodes: ['x'] }, /postalCodes/],
    ['a 4-digit postal code', { kind: 'person', postalCodes: ['0010'], serviceCodes: ['x'] }, /postalCodes/],
    [
      'a bad service code',
      { kind: 'person', postalCodes: ['00100'], serviceCodes: ['Home Cleaning'] },
      /serviceCodes/,
    ],
  ] as const)('refuses %s', (_label, input, message) => {
    expect(() => service.check(input as never)).toThrow(message);
    expect(codeOf(() => service.check(input as never))).toBe(ErrorCode.ValidationFailed);
  });
});
