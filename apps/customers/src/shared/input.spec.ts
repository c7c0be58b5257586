import { ErrorCode } from '@offera/contracts';
import { checkEmail, checkLanguage, checkName, checkPhone } from './input.js';

/** The DomainError code a call throws. */
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('input checks', () => {
  it('trims and accepts names with letters, spaces, hyphens and apostrophes', () => {
    expect(checkName('firstName', '  Anna-Liisa ')).toBe('Anna-Liisa');
    expect(checkName('lastName', "O'Brien")).toBe("O'Brien");
    expect(checkName('lastName', 'Äärelä')).toBe('Äärelä');
  });

  it.each([[''], ['   '], ['1234'], ['-Anna'], ['x'.repeat(101)], [42], [null]])(
    'refuses the name %p with VALIDATION_FAILED naming the field only',
    (value) => {
      expect(codeOf(() => checkName('firstName', value))).toBe(ErrorCode.ValidationFailed);
      try {
        checkName('firstName', value);
      } catch (error) {
        expect((error as Error).message).toMatch(/^firstName /);
        if (typeof value === 'string' && value.trim()) expect((error as Error).message).not.toContain(value);
      }
    },
  );

  it('normalises phones to E.164 and refuses impossible ones without echoing them', () => {
    expect(checkPhone('040 123 4567')).toBe('+358401234567');
    expect(checkPhone('09 1234 567')).toBe('+35891234567');
    expect(checkPhone('+46 70 123 45 67')).toBe('+46701234567');
    expect(() => checkPhone('040 12')).toThrow('phone is not a valid phone number');
    expect(() => checkPhone('call 0401234567')).toThrow('phone is not a valid phone number');
  });

  it('checks emails and languages', () => {
    expect(checkEmail(' maija@example.fi ')).toBe('maija@example.fi');
    expect(() => checkEmail('maija@example')).toThrow('email must be an email address');
    expect(() => checkEmail('a b@example.fi')).toThrow('email must be an email address');
    expect(checkLanguage('en')).toBe('en');
    expect(() => checkLanguage('sv')).toThrow('language must be fi or en');
  });
});
