import { classifyHttpStatus, classifySmtpError } from './delivery-failure.js';

describe('delivery failure classification', () => {
  it.each([
    [{ responseCode: 550, code: 'EENVELOPE' }, true, 'smtp_550'],
    [{ responseCode: 553 }, true, 'smtp_553'],
    [{ responseCode: 421 }, false, 'smtp_421'],
    [{ responseCode: 451 }, false, 'smtp_451'],
    [{ code: 'ECONNECTION' }, false, 'ECONNECTION'],
    [{ code: 'ETIMEDOUT' }, false, 'ETIMEDOUT'],
    [{ code: 'EENVELOPE' }, true, 'EENVELOPE'],
    ['weird', false, 'unknown'],
  ])('SMTP %j → permanent=%s (%s)', (error, permanent, code) => {
    expect(classifySmtpError(error)).toMatchObject({ permanent, code });
  });

  it.each([
    [400, true],
    [401, true],
    [404, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])('HTTP %i → permanent=%s', (status, permanent) => {
    expect(classifyHttpStatus(status)).toMatchObject({ permanent, code: `http_${status}` });
  });

  it('never carries the provider text (it may quote the address)', () => {
    const f = classifySmtpError({ responseCode: 550, response: '550 <aino@example.fi> unknown' });
    expect(f.message).not.toContain('aino');
  });
});
