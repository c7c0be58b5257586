import { DateTime } from 'luxon';

export type Language = 'fi' | 'en';

const ZONE = 'Europe/Helsinki';

/** A moment as the recipient reads it, in Finnish time. */
export function formatWhen(iso: string, lang: Language): string {
  const t = DateTime.fromISO(iso, { zone: ZONE });
  if (!t.isValid) return iso;
  return lang === 'fi'
    ? t.setLocale('fi').toFormat("d.M.yyyy 'klo' H.mm")
    : t.setLocale('en-GB').toFormat("d MMMM yyyy 'at' HH:mm");
}

export function formatDate(iso: string, lang: Language): string {
  const t = DateTime.fromISO(iso, { zone: ZONE });
  if (!t.isValid) return iso;
  return lang === 'fi' ? t.toFormat('d.M.yyyy') : t.setLocale('en-GB').toFormat('d MMMM yyyy');
}

/** Integer cents as euros: `12,50 €` in Finnish, `€12.50` in English. */
export function formatEuros(cents: number, lang: Language): string {
  const euros = Math.floor(Math.abs(cents) / 100);
  const rest = String(Math.abs(cents) % 100).padStart(2, '0');
  const sign = cents < 0 ? '-' : '';
  return lang === 'fi' ? `${sign}${euros},${rest} €` : `${sign}€${euros}.${rest}`;
}

/** A short reference customers can quote: the order id's first eight characters. */
export const orderRef = (orderId: string): string => orderId.slice(0, 8).toUpperCase();

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}
