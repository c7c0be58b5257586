/** The pages of the unsubscribe link (RFC 8058): plain HTML, no scripts, in Finnish or English. */
export type PageLanguage = 'fi' | 'en';
export type UnsubscribePage = 'confirm' | 'already' | 'done' | 'invalid';

const BASE64URL = /^[A-Za-z0-9_-]{1,100}$/;
const ALLOWED = new Set(['t', 'l']);

export interface UnsubscribeQuery {
  readonly token: string;
  readonly language: PageLanguage;
}

/**
 * The link's query: a token `t` and an optional language `l`, nothing else. The language is
 * read even when the rest is bad, so the error page is in the reader's language.
 */
export function parseUnsubscribeQuery(query: unknown): {
  language: PageLanguage;
  valid: UnsubscribeQuery | null;
} {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const language: PageLanguage = q.l === 'en' ? 'en' : 'fi';
  const known = Object.keys(q).every((k) => ALLOWED.has(k));
  const languageOk = q.l === undefined || q.l === 'fi' || q.l === 'en';
  const token = q.t;
  if (!known || !languageOk || typeof token !== 'string' || !BASE64URL.test(token))
    return { language, valid: null };
  return { language, valid: { token, language } };
}

/**
 * RFC 8058 §3.1: a form post whose body is exactly `List-Unsubscribe=One-Click` (the gateway
 * parses form bodies into an object).
 */
export function isOneClickBody(contentType: string | undefined, body: unknown): boolean {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return false;
  if (!body || typeof body !== 'object') return false;
  const entries = Object.entries(body);
  return entries.length === 1 && entries[0][0] === 'List-Unsubscribe' && entries[0][1] === 'One-Click';
}

const TEXT: Record<
  PageLanguage,
  Record<UnsubscribePage, { title: string; body: string }> & { button: string }
> = {
  fi: {
    confirm: {
      title: 'Markkinointiviestien tilauksen peruminen',
      body: 'Haluatko, ettei sinulle lähetetä enää markkinointiviestejä? Viestit tilauksistasi ja tietosuojapyynnöistäsi tulevat edelleen.',
    },
    already: {
      title: 'Tilaus on jo peruttu',
      body: 'Et saa meiltä enää markkinointiviestejä.',
    },
    done: {
      title: 'Tilaus on peruttu',
      body: 'Emme lähetä sinulle enää markkinointiviestejä. Viestit tilauksistasi ja tietosuojapyynnöistäsi tulevat edelleen.',
    },
    invalid: {
      title: 'Linkki ei kelpaa',
      body: 'Tämä peruutuslinkki ei ole voimassa. Käytä viestissä ollutta linkkiä sellaisenaan tai ota yhteyttä asiakaspalveluun.',
    },
    button: 'Peru tilaus',
  },
  en: {
    confirm: {
      title: 'Unsubscribe from marketing messages',
      body: 'Do you want us to stop sending you marketing messages? Messages about your orders and privacy requests still reach you.',
    },
    already: {
      title: 'Already unsubscribed',
      body: 'You no longer receive marketing messages from us.',
    },
    done: {
      title: 'You are unsubscribed',
      body: 'We will not send you marketing messages any more. Messages about your orders and privacy requests still reach you.',
    },
    invalid: {
      title: 'This link is not valid',
      body: 'This unsubscribe link is not valid. Use the link in the message as it is, or contact customer service.',
    },
    button: 'Unsubscribe',
  },
};

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** One short page; `confirm` carries the one-click form that posts back to the same link. */
export function renderUnsubscribePage(
  page: UnsubscribePage,
  q: { language: PageLanguage; token?: string },
): string {
  const t = TEXT[q.language];
  const form =
    page === 'confirm' && q.token
      ? `<form method="post" action="?t=${escapeHtml(encodeURIComponent(q.token))}&amp;l=${q.language}">` +
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
        `<button type="submit">${escapeHtml(t.button)}</button></form>`
      : '';
  return [
    `<!doctype html><html lang="${q.language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(t[page].title)}</title></head><body>`,
    `<h1>${escapeHtml(t[page].title)}</h1><p>${escapeHtml(t[page].body)}</p>`,
    form,
    '</body></html>',
  ].join('');
}
