import { BusinessIdError, businessIdCheckDigit, isValidBusinessId, parseBusinessId } from './business-id.js';

describe('parseBusinessId', () => {
  // Check digits worked out by hand: weights 7,9,10,5,8,4,2; sum mod 11.
  it.each([
    ['0737546-2'], // sum 196, remainder 9 → 11 − 9 = 2
    ['1572860-0'], // sum 220, remainder 0 → 0
    ['2617416-4'], // sum 161, remainder 7 → 4
    ['3230846-4'], // Offera Oy, from the privacy notice: sum 161, remainder 7 → 4
  ])('accepts %s', (id) => {
    expect(parseBusinessId(id)).toEqual({ ok: true, value: id });
  });

  it('strips surrounding whitespace', () => {
    expect(parseBusinessId(' 0737546-2\t')).toEqual({ ok: true, value: '0737546-2' });
  });

  it('accepts the old six-digit form and adds the leading zero', () => {
    expect(parseBusinessId('737546-2')).toEqual({ ok: true, value: '0737546-2' });
    expect(parseBusinessId('737546-3')).toEqual({ ok: false, reason: BusinessIdError.CHECKSUM });
  });

  it.each(['0737546-3', '1572860-1', '2617416-5', '3230846-0', '0737564-2'])(
    'rejects %s with a wrong check digit',
    (id) => {
      expect(parseBusinessId(id)).toEqual({ ok: false, reason: BusinessIdError.CHECKSUM });
    },
  );

  it('rejects bodies whose remainder is 1 whatever the check digit', () => {
    // 1234568: sum 155, remainder 1 → no valid check digit exists.
    expect(businessIdCheckDigit('1234568')).toBeUndefined();
    for (let d = 0; d <= 9; d++) {
      expect(parseBusinessId(`1234568-${d}`)).toEqual({ ok: false, reason: BusinessIdError.CHECKSUM });
    }
  });

  it.each([
    '',
    '07375462',
    '0737546',
    '0737546-',
    '0737546-22',
    '00737546-2',
    '73754-2',
    '0737546 2',
    '0737546–2', // en dash
    'FI07375462',
    '073754a-2',
    '0737546-2x',
  ])('rejects %j as FORMAT', (id) => {
    expect(parseBusinessId(id)).toEqual({ ok: false, reason: BusinessIdError.FORMAT });
  });

  it.each([undefined, null, 7375462, {}])('rejects non-string %j', (value) => {
    expect(parseBusinessId(value)).toEqual({ ok: false, reason: BusinessIdError.FORMAT });
  });

  it('isValidBusinessId mirrors parse', () => {
    expect(isValidBusinessId('0737546-2')).toBe(true);
    expect(isValidBusinessId('0737546-3')).toBe(false);
  });
});

describe('businessIdCheckDigit', () => {
  it('computes check digits, including remainder 0', () => {
    expect(businessIdCheckDigit('0737546')).toBe(2);
    expect(businessIdCheckDigit('1572860')).toBe(0);
    expect(businessIdCheckDigit('2617416')).toBe(4);
  });

  it('throws on a body that is not seven digits', () => {
    expect(() => businessIdCheckDigit('123')).toThrow(TypeError);
    expect(() => businessIdCheckDigit('123456a')).toThrow(TypeError);
  });
});
