import type { SubjectExportDocument } from '@offera/contracts';
import { strFromU8, unzipSync } from 'fflate';
import { toCsv } from './csv.js';
import { portabilityArchive } from './portability-archive.js';

describe('portability archive', () => {
  it('writes RFC 4180 CSV with a header of every field', () => {
    expect(
      toCsv([
        { a: 'x', b: 1 },
        { b: null, c: true, a: 'with, comma' },
        { a: 'say "hi"\nbye', d: { street: 'Katu 1' } },
      ]),
    ).toBe('a,b,c,d\r\nx,1,,\r\n"with, comma",,true,\r\n"say ""hi""\nbye",,,"{""street"":""Katu 1""}"\r\n');
    expect(toCsv([])).toBe('');
    expect(toCsv([' padded'])).toBe('value\r\n" padded"\r\n');
  });

  it('zips the JSON document and one CSV per dataset', () => {
    const doc: SubjectExportDocument = {
      requestId: 'r',
      type: 'portability',
      generatedAt: '2026-01-02T03:04:05.000Z',
      expiresAt: '2026-01-09T03:04:05.000Z',
      metadata: {},
      services: {
        customers: { customer: [{ firstName: 'Äiti', lastName: 'Ö' }], addresses: [] },
        notifications: {},
      },
    };
    const files = unzipSync(portabilityArchive(doc));
    expect(Object.keys(files).sort()).toEqual([
      'customers/addresses.csv',
      'customers/customer.csv',
      'export.json',
    ]);
    expect(strFromU8(files['customers/customer.csv'])).toBe('firstName,lastName\r\nÄiti,Ö\r\n');
    expect(JSON.parse(strFromU8(files['export.json']))).toEqual(doc);
  });

  it('refuses a dataset name that is not a plain name', () => {
    const doc = {
      requestId: 'r',
      type: 'portability',
      generatedAt: '2026-01-02T03:04:05.000Z',
      expiresAt: '2026-01-09T03:04:05.000Z',
      metadata: {},
      services: { customers: { '../x': [] } },
    } as SubjectExportDocument;
    expect(() => portabilityArchive(doc)).toThrow();
  });
});
