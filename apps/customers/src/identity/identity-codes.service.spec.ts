import { ErrorCode } from '@offera/contracts';
import { loadCustomersConfig } from '../config.js';
import { IdentityCodesService } from './identity-codes.service.js';

const service = (env: Record<string, string> = {}) => new IdentityCodesService(loadCustomersConfig(env));

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('IdentityCodesService', () => {
  it.each(['131052-308T', '131052+308T'])('accepts %s in canonical form', (code) => {
    expect(service().canonical(` ${code.toLowerCase()} `)).toBe(code);
  });

  it('refuses temporary codes unless ALLOW_TEMPORARY_IDENTITY_CODES is set', () => {
    for (const code of ['010594Y9032', '010516B903X', '020504B904H']) {
      expect(codeOf(() => service().canonical(code))).toBe(ErrorCode.ValidationFailed);
      expect(() => service().canonical(code)).toThrow(/temporary identity codes are not accepted/);
      expect(service({ ALLOW_TEMPORARY_IDENTITY_CODES: 'true' }).canonical(code)).toBe(code);
    }
  });

  it('never puts the code in its error text', () => {
    for (const code of ['131052-308U', '310252-308T', '131052G308T']) {
      expect(() => service().canonical(code)).toThrow(/not a valid Finnish personal identity code/);
      try {
        service().canonical(code);
      } catch (error) {
        expect((error as Error).message).not.toContain(code);
      }
    }
  });

  it('refuses to start with an active key id missing from the key ring', () => {
    expect(() => service({ IDENTITY_CODE_ACTIVE_KEY_ID: 'k9' })).toThrow(/active key id "k9"/);
  });
});
