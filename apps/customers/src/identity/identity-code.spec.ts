import {
  CENTURY_SIGNS,
  IDENTITY_CODE_ERROR_MESSAGES,
  IdentityCodeError,
  isValidIdentityCode,
  maskIdentityCode,
  parseIdentityCode,
  type IdentityCodeResult,
} from './identity-code.js';

const TODAY = '2025-06-15';

function reasonOf(result: IdentityCodeResult): IdentityCodeError | undefined {
  return result.ok ? undefined : result.reason;
}

describe('parseIdentityCode', () => {
  describe('published examples', () => {
    it('parses the classic 131052-308T (regular, female)', () => {
      expect(parseIdentityCode('131052-308T', { today: TODAY })).toEqual({
        ok: true,
        value: { code: '131052-308T', birthDate: '1952-10-13', sex: 'female', temporary: false },
      });
    });

    it.each([
      ['010594Y9032', '1994-05-01', 'male'],
      ['010516B903X', '2016-05-01', 'male'],
      ['020504B904H', '2004-05-02', 'female'],
    ] as const)(
      '%s has a 9xx individual number: temporary, only with allowTemporary',
      (code, birthDate, sex) => {
        expect(parseIdentityCode(code, { today: TODAY })).toEqual({
          ok: false,
          reason: IdentityCodeError.TEMPORARY,
        });
        expect(parseIdentityCode(code, { today: TODAY, allowTemporary: false })).toEqual({
          ok: false,
          reason: IdentityCodeError.TEMPORARY,
        });
        expect(parseIdentityCode(code, { today: TODAY, allowTemporary: true })).toEqual({
          ok: true,
          value: { code, birthDate, sex, temporary: true },
        });
      },
    );
  });

  describe('century signs', () => {
    it.each(['-', 'Y', 'X', 'W', 'V', 'U'])('%s means the 1900s', (sign) => {
      const result = parseIdentityCode(`010594${sign}123W`, { today: TODAY });
      expect(result).toEqual({
        ok: true,
        value: { code: `010594${sign}123W`, birthDate: '1994-05-01', sex: 'male', temporary: false },
      });
    });

    it.each(['A', 'B', 'C', 'D', 'E', 'F'])('%s means the 2000s', (sign) => {
      const result = parseIdentityCode(`010516${sign}123S`, { today: TODAY });
      expect(result.ok && result.value.birthDate).toBe('2016-05-01');
      // The sign is kept as given, never normalised to A.
      expect(result.ok && result.value.code).toBe(`010516${sign}123S`);
    });

    it('+ means the 1800s', () => {
      expect(parseIdentityCode('311299+0029', { today: TODAY })).toEqual({
        ok: true,
        value: { code: '311299+0029', birthDate: '1899-12-31', sex: 'female', temporary: false },
      });
    });

    it('defines exactly the 13 signs of the 2023 reform', () => {
      expect([...CENTURY_SIGNS.keys()].sort()).toEqual(
        ['+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y'].sort(),
      );
    });

    it('keeps codes that differ only in century sign apart', () => {
      const dash = parseIdentityCode('010594-123W', { today: TODAY });
      const y = parseIdentityCode('010594Y123W', { today: TODAY });
      expect(dash.ok && y.ok).toBe(true);
      expect(dash.ok && dash.value.code).not.toBe(y.ok && y.value.code);
    });

    it.each(['G', 'Z', '*', '/', ' ', '_', 'Ä'])('rejects unknown sign %j', (sign) => {
      expect(reasonOf(parseIdentityCode(`131052${sign}308T`, { today: TODAY }))).toBe(
        IdentityCodeError.CENTURY_SIGN,
      );
    });
  });

  describe('dates', () => {
    it('rejects impossible dates', () => {
      expect(reasonOf(parseIdentityCode('300223A123V', { today: TODAY }))).toBe(IdentityCodeError.DATE);
      expect(reasonOf(parseIdentityCode('311325-123W', { today: TODAY }))).toBe(IdentityCodeError.DATE);
      expect(reasonOf(parseIdentityCode('001025-123F', { today: TODAY }))).toBe(IdentityCodeError.DATE);
    });

    it('accepts 29 February in leap years, including 2000', () => {
      expect(parseIdentityCode('290296-2450', { today: TODAY }).ok).toBe(true);
      expect(parseIdentityCode('290204A357V', { today: TODAY }).ok).toBe(true);
      const y2000 = parseIdentityCode('290200A2457', { today: TODAY });
      expect(y2000.ok && y2000.value.birthDate).toBe('2000-02-29');
    });

    it('rejects 29 February in non-leap years, including 1900 and 1800', () => {
      expect(reasonOf(parseIdentityCode('290297-2458', { today: TODAY }))).toBe(IdentityCodeError.DATE);
      expect(reasonOf(parseIdentityCode('290205A3574', { today: TODAY }))).toBe(IdentityCodeError.DATE);
      // Same digits as the valid 2000 code: the century decides whether the year is leap.
      expect(reasonOf(parseIdentityCode('290200-2457', { today: TODAY }))).toBe(IdentityCodeError.DATE);
      expect(reasonOf(parseIdentityCode('290200+2457', { today: TODAY }))).toBe(IdentityCodeError.DATE);
    });

    it('rejects a birth date after today and accepts one born today', () => {
      expect(parseIdentityCode('150625A246W', { today: TODAY }).ok).toBe(true);
      expect(reasonOf(parseIdentityCode('160625A246J', { today: TODAY }))).toBe(
        IdentityCodeError.FUTURE_DATE,
      );
      expect(reasonOf(parseIdentityCode('311299F998D', { today: TODAY, allowTemporary: true }))).toBe(
        IdentityCodeError.FUTURE_DATE,
      );
    });

    it('reads a Date "today" as the calendar date in Helsinki', () => {
      // 21:30 UTC on 14 June is already 15 June in Helsinki (UTC+3 in summer).
      expect(parseIdentityCode('150625A246W', { today: new Date('2025-06-14T21:30:00Z') }).ok).toBe(true);
      expect(reasonOf(parseIdentityCode('150625A246W', { today: new Date('2025-06-14T20:30:00Z') }))).toBe(
        IdentityCodeError.FUTURE_DATE,
      );
    });

    it('defaults today to now', () => {
      expect(parseIdentityCode('131052-308T').ok).toBe(true);
      expect(reasonOf(parseIdentityCode('311299F998D', { allowTemporary: true }))).toBe(
        IdentityCodeError.FUTURE_DATE,
      );
    });

    it('throws on a malformed today option (a programming error, not bad input)', () => {
      expect(() => parseIdentityCode('131052-308T', { today: '15.6.2025' })).toThrow(TypeError);
      expect(() => parseIdentityCode('131052-308T', { today: new Date('nope') })).toThrow(TypeError);
    });
  });

  describe('individual number', () => {
    it('accepts the regular range 002–899 and derives sex from parity', () => {
      const low = parseIdentityCode('010190-002R', { today: TODAY });
      const odd = parseIdentityCode('010190-003S', { today: TODAY });
      const high = parseIdentityCode('010190-899N', { today: TODAY });
      expect(low.ok && low.value).toMatchObject({ sex: 'female', temporary: false });
      expect(odd.ok && odd.value).toMatchObject({ sex: 'male', temporary: false });
      expect(high.ok && high.value).toMatchObject({ sex: 'male', temporary: false });
    });

    it('treats 900–999 as temporary', () => {
      expect(reasonOf(parseIdentityCode('010190-900P', { today: TODAY }))).toBe(IdentityCodeError.TEMPORARY);
      expect(reasonOf(parseIdentityCode('010190-999W', { today: TODAY }))).toBe(IdentityCodeError.TEMPORARY);
      const first = parseIdentityCode('010190-900P', { today: TODAY, allowTemporary: true });
      const last = parseIdentityCode('010190-999W', { today: TODAY, allowTemporary: true });
      expect(first.ok && first.value).toMatchObject({ temporary: true, sex: 'female' });
      expect(last.ok && last.value).toMatchObject({ temporary: true, sex: 'male' });
    });

    it('rejects 000 and 001 even with a matching check character', () => {
      expect(reasonOf(parseIdentityCode('010100+000E', { today: TODAY }))).toBe(
        IdentityCodeError.INDIVIDUAL_NUMBER,
      );
      expect(reasonOf(parseIdentityCode('010100+001F', { today: TODAY, allowTemporary: true }))).toBe(
        IdentityCodeError.INDIVIDUAL_NUMBER,
      );
    });
  });

  describe('check character', () => {
    it('rejects a wrong check character', () => {
      expect(reasonOf(parseIdentityCode('131052-308U', { today: TODAY }))).toBe(IdentityCodeError.CHECKSUM);
      expect(reasonOf(parseIdentityCode('131052-3080', { today: TODAY }))).toBe(IdentityCodeError.CHECKSUM);
    });

    it('rejects letters never used as check characters', () => {
      for (const letter of ['G', 'I', 'O', 'Q', 'Z']) {
        expect(reasonOf(parseIdentityCode(`131052-308${letter}`, { today: TODAY }))).toBe(
          IdentityCodeError.CHECKSUM,
        );
      }
    });

    it('detects a single changed digit or swapped digits', () => {
      expect(reasonOf(parseIdentityCode('131052-309T', { today: TODAY }))).toBe(IdentityCodeError.CHECKSUM);
      expect(reasonOf(parseIdentityCode('131052-380T', { today: TODAY }))).toBe(IdentityCodeError.CHECKSUM);
    });

    it('reports a bad checksum before a temporary number', () => {
      expect(reasonOf(parseIdentityCode('010594Y9033', { today: TODAY }))).toBe(IdentityCodeError.CHECKSUM);
    });
  });

  describe('input handling', () => {
    it('accepts lower case and returns the canonical upper-case code', () => {
      const lower = parseIdentityCode('010516b903x', { today: TODAY, allowTemporary: true });
      expect(lower.ok && lower.value.code).toBe('010516B903X');
      const lowerCheck = parseIdentityCode('131052-308t', { today: TODAY });
      expect(lowerCheck.ok && lowerCheck.value.code).toBe('131052-308T');
      const upper = parseIdentityCode('131052-308T', { today: TODAY });
      expect(upper.ok && upper.value.code).toBe('131052-308T');
    });

    it('strips surrounding whitespace only', () => {
      const padded = parseIdentityCode('  131052-308T\n', { today: TODAY });
      expect(padded.ok && padded.value.code).toBe('131052-308T');
      expect(reasonOf(parseIdentityCode('131052 -308T', { today: TODAY }))).toBe(IdentityCodeError.FORMAT);
      expect(reasonOf(parseIdentityCode('131052-308 T', { today: TODAY }))).toBe(IdentityCodeError.FORMAT);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['too short', '131052-308'],
      ['too long', '131052-308TT'],
      ['missing sign', '131052308T'],
      ['letter in date', '13105A-308T'],
      ['letter in individual number', '131052-3O8T'],
      ['punctuation as check', '131052-308!'],
      ['full-width digits', '１３１０５２-308T'],
      ['newline inside', '131052-\n308T'],
    ])('rejects %s as FORMAT', (_label, input) => {
      expect(reasonOf(parseIdentityCode(input, { today: TODAY }))).toBe(IdentityCodeError.FORMAT);
    });

    it.each([undefined, null, 131052, {}, ['131052-308T']])('rejects non-string %j as FORMAT', (input) => {
      expect(reasonOf(parseIdentityCode(input, { today: TODAY }))).toBe(IdentityCodeError.FORMAT);
    });

    it('isValidIdentityCode mirrors parse', () => {
      expect(isValidIdentityCode('131052-308T')).toBe(true);
      expect(isValidIdentityCode('131052-308U')).toBe(false);
      expect(isValidIdentityCode('010594Y9032')).toBe(false);
      expect(isValidIdentityCode('010594Y9032', { allowTemporary: true })).toBe(true);
    });
  });

  it('has an error message for every reason, none containing digits from a code', () => {
    for (const reason of Object.values(IdentityCodeError)) {
      const message = IDENTITY_CODE_ERROR_MESSAGES[reason];
      expect(message).toEqual(expect.any(String));
      expect(message.length).toBeGreaterThan(0);
      expect(message).not.toMatch(/\d{3}/);
    }
  });
});

describe('maskIdentityCode', () => {
  it('keeps date and century sign, hides individual number and check character', () => {
    expect(maskIdentityCode('131052-308T')).toBe('131052-****');
    expect(maskIdentityCode('010516B903X')).toBe('010516B****');
    expect(maskIdentityCode('311299+0029')).toBe('311299+****');
  });

  it('masks the canonical form of lower-case or padded input', () => {
    expect(maskIdentityCode(' 010516b903x ')).toBe('010516B****');
  });

  it('never reveals the individual number or check character', () => {
    const masked = maskIdentityCode('131052-308T');
    expect(masked).not.toContain('308');
    expect(masked).not.toContain('T');
  });

  it('masks anything malformed completely', () => {
    for (const bad of ['', '131052-308', '131052-308TT', 'hello world', '131052308T']) {
      expect(maskIdentityCode(bad)).toBe('***********');
    }
    expect(maskIdentityCode(undefined as unknown as string)).toBe('***********');
  });
});
