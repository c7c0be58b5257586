import { formatEuros, formatWhen } from './format.js';
import { render, type RenderInput, TEMPLATE_NAMES } from './templates.js';

const base: RenderInput = {
  template: 'order-received',
  language: 'fi',
  firstName: 'Aino',
  params: {
    orderId: '0a1b2c3d-0000-4000-8000-000000000000',
    startsAt: '2030-01-15T08:30:00Z',
    requestId: '11111111-2222-4333-8444-555555555555',
    requestType: 'erasure',
    dueAt: '2030-02-15T08:30:00Z',
    expiresAt: '2030-01-20T10:00:00Z',
    reason: 'Laaja pyyntö',
    feeCents: 1990,
    cancelledBy: 'customer',
  },
  providerFirstName: 'Pekka',
  controller: {
    name: 'Offera Oy',
    businessId: '3230846-4',
    address: 'Vuorenpeikontie 5 A',
    email: 'info@offera.fi',
  },
  webBaseUrl: 'https://offera.fi/',
  unsubscribeUrl: 'https://offera.fi/unsubscribe?s=x&t=y',
  code: '123456',
};

describe('templates', () => {
  it.each(TEMPLATE_NAMES.flatMap((t) => [[t, 'fi'] as const, [t, 'en'] as const]))(
    '%s (%s): subject, greeting, controller identity, text, HTML and SMS',
    (template, language) => {
      const r = render({ ...base, template, language });
      expect(r.subject.length).toBeGreaterThan(3);
      expect(r.text).toMatch(language === 'fi' ? /^Hei Aino,/ : /^Hi Aino,/);
      expect(r.text).toContain(language === 'fi' ? 'Y-tunnus 3230846-4' : 'Business ID 3230846-4');
      expect(r.html).toMatch(new RegExp(`^<!doctype html><html lang="${language}">`));
      expect(r.sms.startsWith('Offera Oy:')).toBe(true);
      expect(r.text).not.toContain('undefined');
      const marketing = template === 'marketing';
      expect(r.text.includes('https://offera.fi/unsubscribe?s=x&t=y')).toBe(marketing);
    },
  );

  it('writes in Finnish and English with local time and euros', () => {
    const fi = render({ ...base, template: 'order-cancelled' });
    expect(fi.subject).toBe('Tilauksesi on peruttu (0A1B2C3D)');
    expect(fi.text).toContain('15.1.2030 klo 10.30');
    expect(fi.text).toContain('Peruutusmaksu: 19,90 €.');
    const en = render({ ...base, template: 'order-cancelled', language: 'en' });
    expect(en.text).toContain('15 January 2030 at 10:30');
    expect(en.text).toContain('Cancellation fee: €19.90.');
  });

  it('names the provider, or says a cleaner is confirmed when the name is unknown', () => {
    expect(render({ ...base, template: 'provider-assigned' }).text).toContain('siivoojana toimii Pekka');
    expect(
      render({ ...base, template: 'provider-assigned', language: 'en', providerFirstName: undefined }).text,
    ).toContain('a confirmed cleaner will do');
  });

  it('refuses a marketing message without an unsubscribe link', () => {
    expect(() => render({ ...base, template: 'marketing', unsubscribeUrl: undefined })).toThrow(
      /unsubscribe/,
    );
  });

  it('escapes HTML', () => {
    const r = render({
      ...base,
      template: 'privacy-request-rejected',
      params: { ...base.params, reason: '<b>&</b>' },
    });
    expect(r.html).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(r.html).not.toContain('<b>&</b>');
  });

  it('formats amounts and bad times safely', () => {
    expect(formatEuros(5, 'fi')).toBe('0,05 €');
    expect(formatEuros(-1250, 'en')).toBe('-€12.50');
    expect(formatWhen('not a time', 'fi')).toBe('not a time');
  });

  it('tells an erasure’s outcome in full: each withheld item, its ground and date, and the link', () => {
    const params = {
      ...base.params,
      withheld: JSON.stringify([
        { category: 'invoice', basis: 'Kirjanpitolaki 2:10 §', until: '2032-12-31', count: 2 },
        { category: 'something else', basis: 'Some law', until: '2029-06-30' },
      ]),
    };
    const fi = render({ ...base, template: 'privacy-erasure-completed', params, linkToken: 'T'.repeat(43) });
    expect(fi.text).toContain(
      '– Laskut (kirjanpidon tositteet) (2): peruste Kirjanpitolaki 2:10 §; säilytetään 31.12.2032 asti',
    );
    expect(fi.text).toContain('– something else: peruste Some law; säilytetään 30.6.2029 asti');
    expect(fi.text).toContain(`https://offera.fi/api/v1/privacy/links/${'T'.repeat(43)}`);
    const en = render({ ...base, language: 'en', template: 'privacy-erasure-completed', params });
    expect(en.text).toContain(
      'Invoices (accounting vouchers) (2): legal ground Kirjanpitolaki 2:10 §; kept until 31 December 2032',
    );
    expect(en.text).not.toContain('/privacy/links/'); // no link without a token
    const nothing = render({
      ...base,
      template: 'privacy-erasure-completed',
      params: { withheld: 'not json' },
    });
    expect(nothing.text).toContain('Mitään tietoja ei jäänyt säilytettäväksi.');
  });
});
