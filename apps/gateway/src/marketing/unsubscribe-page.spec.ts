import { isOneClickBody, parseUnsubscribeQuery, renderUnsubscribePage } from './unsubscribe-page.js';

describe('unsubscribe page', () => {
  const FORM = 'application/x-www-form-urlencoded';

  it('takes a token and a language, nothing else', () => {
    expect(parseUnsubscribeQuery({ t: 'abc_-1', l: 'en' })).toEqual({
      language: 'en',
      valid: { token: 'abc_-1', language: 'en' },
    });
    expect(parseUnsubscribeQuery({ t: 'abc' }).valid).toEqual({ token: 'abc', language: 'fi' });
    for (const bad of [
      {},
      { t: '' },
      { t: 'a b' },
      { t: 'a'.repeat(101) },
      { t: ['a', 'b'] },
      { t: 'a', l: 'sv' },
      { t: 'a', s: 'x' },
      null,
    ])
      expect(parseUnsubscribeQuery(bad).valid).toBeNull();
    // The error page is still in the reader's language.
    expect(parseUnsubscribeQuery({ t: '!', l: 'en' }).language).toBe('en');
  });

  it('accepts exactly the RFC 8058 one-click form body', () => {
    expect(isOneClickBody(FORM, { 'List-Unsubscribe': 'One-Click' })).toBe(true);
    expect(isOneClickBody(`${FORM}; charset=utf-8`, { 'List-Unsubscribe': 'One-Click' })).toBe(true);
    expect(isOneClickBody('application/json', { 'List-Unsubscribe': 'One-Click' })).toBe(false);
    expect(isOneClickBody(undefined, { 'List-Unsubscribe': 'One-Click' })).toBe(false);
    expect(isOneClickBody(FORM, { 'List-Unsubscribe': 'Yes' })).toBe(false);
    expect(isOneClickBody(FORM, { 'List-Unsubscribe': 'One-Click', x: '1' })).toBe(false);
    expect(isOneClickBody(FORM, 'List-Unsubscribe=One-Click')).toBe(false);
    expect(isOneClickBody(FORM, undefined)).toBe(false);
  });

  it('renders the button only on the confirmation page, with the token escaped', () => {
    const confirm = renderUnsubscribePage('confirm', { language: 'en', token: 'a-b_c' });
    expect(confirm).toContain('<form method="post" action="?t=a-b_c&amp;l=en">');
    expect(confirm).toContain('<html lang="en">');
    expect(renderUnsubscribePage('done', { language: 'fi', token: 'x' })).not.toContain('<form');
    expect(renderUnsubscribePage('invalid', { language: 'fi' })).toContain('Linkki ei kelpaa');
    expect(renderUnsubscribePage('confirm', { language: 'fi', token: '"><script>' })).not.toContain(
      '<script>',
    );
  });
});
