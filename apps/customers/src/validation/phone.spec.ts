import { isValidPhone, normalisePhone } from './phone.js';

describe('normalisePhone', () => {
  it.each([
    ['040 123 4567', '+358401234567'],
    ['0401234567', '+358401234567'],
    ['+358 40 1234567', '+358401234567'],
    ['+358401234567', '+358401234567'],
    ['00358401234567', '+358401234567'],
    ['040-123 4567', '+358401234567'],
    ['+358 (0) 40 1234567', '+358401234567'],
    ['  050 123 4567  ', '+358501234567'],
    ['045\u00a01234567', '+358451234567'],
  ])('normalises Finnish mobile %j', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['09 1234567', '+35891234567'],
    ['(09) 123 4567', '+35891234567'],
    ['+358 9 1234567', '+35891234567'],
  ])('normalises Finnish landline %j', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 202 555 0123', '+12025550123'],
  ])('accepts valid foreign number %j', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164 });
  });

  it('reads national numbers in the given default country', () => {
    expect(normalisePhone('073-123 45 67', 'SE')).toEqual({ ok: true, e164: '+46731234567' });
    expect(normalisePhone('073-123 45 67')).toEqual({ ok: false });
    expect(normalisePhone('+358 40 1234567', 'SE')).toEqual({ ok: true, e164: '+358401234567' });
  });

  it.each([
    '',
    '   ',
    'abc',
    '12345',
    '+358 40',
    '+358 40 1234567 8901',
    '+999 123 456',
    '++358401234567',
    '040 123 4567 ext 5',
    'call 0401234567',
    '0401234567; DROP TABLE',
    '4'.repeat(41),
    '+46 70 123', // too short for Sweden
    '040\n1234567',
    '040\t1234567',
  ])('rejects %j', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false });
  });

  it.each([undefined, null, 401234567, {}])('rejects non-string %j', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false });
  });

  it('isValidPhone mirrors normalisePhone', () => {
    expect(isValidPhone('040 123 4567')).toBe(true);
    expect(isValidPhone('nope')).toBe(false);
  });
});
