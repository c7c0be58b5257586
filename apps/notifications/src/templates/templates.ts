import type { MessageKind, MessageParams } from '../messages/outgoing-message.entity.js';
import { escapeHtml, formatDate, formatEuros, formatWhen, type Language, orderRef } from './format.js';
import { seriesConfirmed } from './series-confirmed.js';

export const TEMPLATE_NAMES = [
  'welcome',
  'order-received',
  'series-confirmed',
  'provider-assigned',
  'provider-released',
  'order-rescheduled',
  'visit-reminder',
  'visit-completed',
  'order-cancelled',
  'order-cancelled-provider',
  'new-offer',
  'privacy-request-received',
  'privacy-request-extended',
  'privacy-request-rejected',
  'privacy-request-completed',
  'privacy-erasure-completed',
  'privacy-export-ready',
  'privacy-verification-code',
  'privacy-export-link',
  'privacy-restriction-lifted',
  'marketing',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const isTemplateName = (name: string): name is TemplateName =>
  (TEMPLATE_NAMES as readonly string[]).includes(name);

export const kindOf = (template: TemplateName): MessageKind =>
  template === 'marketing' ? 'marketing' : 'transactional';

/** The controller's identity, from config: named in every message. */
export interface ControllerIdentity {
  readonly name: string;
  readonly businessId: string;
  readonly address: string;
  readonly email: string;
}

export interface RenderInput {
  readonly template: TemplateName;
  readonly language: Language;
  readonly firstName: string;
  readonly params: MessageParams;
  /** Looked up at send time: the assigned provider's first name. */
  readonly providerFirstName?: string;
  readonly controller: ControllerIdentity;
  readonly webBaseUrl: string;
  /** Required for marketing: the signed unsubscribe link. */
  readonly unsubscribeUrl?: string;
  /** A one-time code, opened from its sealed form only for rendering. */
  readonly code?: string;
  /** A one-time link's token, opened from its sealed form only for rendering. */
  readonly linkToken?: string;
}

export interface Rendered {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The SMS form: one short text. */
  readonly sms: string;
}

interface Body {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly link?: { readonly label: string; readonly url: string };
}

const REQUEST_TYPES: Record<Language, Record<string, string>> = {
  fi: {
    access: 'pääsy omiin tietoihin',
    portability: 'tietojen siirtäminen',
    rectification: 'tietojen oikaisu',
    erasure: 'tietojen poistaminen',
    restriction: 'käsittelyn rajoittaminen',
    objection: 'suoramarkkinoinnin vastustaminen',
  },
  en: {
    access: 'access to your data',
    portability: 'data portability',
    rectification: 'rectification of your data',
    erasure: 'erasure of your data',
    restriction: 'restriction of processing',
    objection: 'objection to direct marketing',
  },
};

const str = (params: MessageParams, key: string): string => {
  const v = params[key];
  return v === null || v === undefined ? '' : String(v);
};

function body(input: RenderInput): Body {
  const { params, language: lang } = input;
  const fi = lang === 'fi';
  const ref = orderRef(str(params, 'orderId'));
  const when = formatWhen(str(params, 'startsAt'), lang);
  const type = REQUEST_TYPES[lang][str(params, 'requestType')] ?? str(params, 'requestType');
  const due = formatDate(str(params, 'dueAt'), lang);
  const reason = str(params, 'reason');
  const web = input.webBaseUrl.replace(/\/$/, '');
  switch (input.template) {
    case 'welcome':
      return fi
        ? {
            subject: 'Tervetuloa Offeraan',
            paragraphs: ['Kiitos rekisteröitymisestä. Voit nyt tilata siivouksen verkossa.'],
          }
        : {
            subject: 'Welcome to Offera',
            paragraphs: ['Thank you for registering. You can now order cleaning online.'],
          };
    case 'order-received':
      return fi
        ? {
            subject: `Tilauksesi on vastaanotettu (${ref})`,
            paragraphs: [
              `Olemme vastaanottaneet siivoustilauksesi ${ref}, ajankohta ${when}.`,
              'Ilmoitamme, kun siivoojasi on vahvistettu.',
            ],
          }
        : {
            subject: `We have received your order (${ref})`,
            paragraphs: [
              `We have received your cleaning order ${ref} for ${when}.`,
              'We will let you know when your cleaner has been confirmed.',
            ],
          };
    case 'series-confirmed':
      return seriesConfirmed(params, lang, web);
    case 'provider-assigned': {
      const who = input.providerFirstName || (fi ? 'vahvistettu siivooja' : 'a confirmed cleaner');
      return fi
        ? {
            subject: `Siivoojasi on vahvistettu (${ref})`,
            paragraphs: [`Tilauksesi ${ref} (${when}) siivoojana toimii ${who}.`],
          }
        : {
            subject: `Your cleaner is confirmed (${ref})`,
            paragraphs: [`${who} will do your cleaning ${ref} on ${when}.`],
          };
    }
    case 'provider-released':
      return fi
        ? {
            subject: `Etsimme sinulle uutta siivoojaa (${ref})`,
            paragraphs: [
              `Siivoojasi ei pääse siivoukseen ${ref} (${when}). Tilauksesi on voimassa, ja etsimme sille uuden siivoojan.`,
              'Kerromme, kun uusi siivooja on vahvistettu.',
            ],
          }
        : {
            subject: `We are finding you a new cleaner (${ref})`,
            paragraphs: [
              `Your cleaner can no longer do your cleaning ${ref} on ${when}. Your order stands, and we are finding it a new cleaner.`,
              'We will let you know when your new cleaner has been confirmed.',
            ],
          };
    case 'order-rescheduled': {
      const before = formatWhen(str(params, 'previousStartsAt'), lang);
      return fi
        ? {
            subject: `Siivouksesi ajankohta on muuttunut (${ref})`,
            paragraphs: [`Siivouksesi ${ref} uusi ajankohta on ${when} (aiemmin ${before}).`],
          }
        : {
            subject: `Your cleaning has been rescheduled (${ref})`,
            paragraphs: [`Your cleaning ${ref} is now on ${when} (previously ${before}).`],
          };
    }
    case 'visit-reminder':
      return fi
        ? {
            subject: `Muistutus tulevasta siivouksesta (${ref})`,
            paragraphs: [`Muistutus: siivouksesi ${ref} alkaa ${when}.`],
          }
        : {
            subject: `Reminder of your cleaning (${ref})`,
            paragraphs: [`A reminder: your cleaning ${ref} starts ${when}.`],
          };
    case 'visit-completed':
      return fi
        ? {
            subject: `Siivous on tehty – miten onnistuimme? (${ref})`,
            paragraphs: [
              `Siivouksesi ${ref} on tehty. Kiitos, että valitsit Offeran!`,
              'Kerro meille, miten onnistuimme:',
            ],
            link: { label: 'Arvioi siivous', url: `${web}/orders/${str(params, 'orderId')}/rate` },
          }
        : {
            subject: `Your cleaning is done – how did we do? (${ref})`,
            paragraphs: [
              `Your cleaning ${ref} has been completed. Thank you for choosing Offera!`,
              'Tell us how we did:',
            ],
            link: { label: 'Rate the cleaning', url: `${web}/orders/${str(params, 'orderId')}/rate` },
          };
    case 'order-cancelled': {
      const fee = Number(params.feeCents ?? 0);
      const byCompany = str(params, 'cancelledBy') === 'company';
      return fi
        ? {
            subject: `Tilauksesi on peruttu (${ref})`,
            paragraphs: [
              `Tilauksesi ${ref} (${when}) on peruttu${byCompany ? ' meidän toimestamme' : ''}.`,
              fee > 0 ? `Peruutusmaksu: ${formatEuros(fee, lang)}.` : 'Peruutuksesta ei peritä maksua.',
            ],
          }
        : {
            subject: `Your order has been cancelled (${ref})`,
            paragraphs: [
              `Your order ${ref} (${when}) has been cancelled${byCompany ? ' by us' : ''}.`,
              fee > 0 ? `Cancellation fee: ${formatEuros(fee, lang)}.` : 'There is no cancellation fee.',
            ],
          };
    }
    case 'order-cancelled-provider':
      return fi
        ? { subject: `Keikka on peruttu (${ref})`, paragraphs: [`Keikka ${ref} (${when}) on peruttu.`] }
        : {
            subject: `Job cancelled (${ref})`,
            paragraphs: [`The job ${ref} on ${when} has been cancelled.`],
          };
    case 'new-offer': {
      const expires = formatWhen(str(params, 'expiresAt'), lang);
      return fi
        ? {
            subject: `Uusi keikkatarjous (${ref})`,
            paragraphs: [`Uusi keikka tarjolla: ${ref}, ${when}. Vastaa viimeistään ${expires}.`],
            link: { label: 'Katso tarjoukset', url: `${web}/provider/offers` },
          }
        : {
            subject: `New job offer (${ref})`,
            paragraphs: [`A new job is available: ${ref} on ${when}. Reply by ${expires}.`],
            link: { label: 'See offers', url: `${web}/provider/offers` },
          };
    }
    case 'privacy-request-received':
      return fi
        ? {
            subject: 'Tietosuojapyyntösi on vastaanotettu',
            paragraphs: [`Olemme vastaanottaneet pyyntösi: ${type}.`, `Vastaamme viimeistään ${due}.`],
          }
        : {
            subject: 'We have received your privacy request',
            paragraphs: [`We have received your request: ${type}.`, `We will respond by ${due}.`],
          };
    case 'privacy-request-extended':
      return fi
        ? {
            subject: 'Tietosuojapyyntösi käsittelyaikaa on jatkettu',
            paragraphs: [`Pyyntösi (${type}) käsittelyaikaa on jatkettu ${due} asti.`, `Syy: ${reason}`],
          }
        : {
            subject: 'We need more time for your privacy request',
            paragraphs: [
              `The time to handle your request (${type}) has been extended to ${due}.`,
              `Reason: ${reason}`,
            ],
          };
    case 'privacy-request-rejected':
      return fi
        ? {
            subject: 'Tietosuojapyyntöäsi ei voitu toteuttaa',
            paragraphs: [
              `Pyyntöäsi (${type}) ei voitu toteuttaa.`,
              `Perustelu: ${reason}`,
              'Sinulla on oikeus tehdä valitus tietosuojavaltuutetun toimistolle (tietosuoja.fi).',
            ],
          }
        : {
            subject: 'We could not carry out your privacy request',
            paragraphs: [
              `We could not carry out your request (${type}).`,
              `Justification: ${reason}`,
              'You have the right to lodge a complaint with the Data Protection Ombudsman (tietosuoja.fi).',
            ],
          };
    case 'privacy-request-completed':
      return fi
        ? { subject: 'Tietosuojapyyntösi on toteutettu', paragraphs: [`Pyyntösi (${type}) on toteutettu.`] }
        : {
            subject: 'Your privacy request has been carried out',
            paragraphs: [`Your request (${type}) has been carried out.`],
          };
    case 'privacy-restriction-lifted':
      return fi
        ? {
            subject: 'Käsittelyn rajoitus päättyy',
            paragraphs: [
              'Henkilötietojesi käsittelyn rajoitus (EU:n tietosuoja-asetuksen 18 artikla) poistetaan. Kerromme tästä ennen kuin rajoitus päättyy.',
              'Rajoituksen päätyttyä tietojasi käsitellään jälleen tavalliseen tapaan, esimerkiksi tilauksiasi tarjotaan siivoojille.',
            ],
          }
        : {
            subject: 'The restriction of processing is being lifted',
            paragraphs: [
              'The restriction of the processing of your personal data (GDPR Art. 18) is being lifted. We tell you this before it ends.',
              'Once it has ended, your data is processed as usual again, for example your orders are offered to cleaners.',
            ],
          };
    case 'privacy-erasure-completed':
      return erasureOutcome(input, web);
    case 'privacy-export-ready': {
      const expires = formatWhen(str(params, 'expiresAt'), lang);
      const url = `${web}/privacy/requests/${str(params, 'requestId')}/export`;
      return fi
        ? {
            subject: 'Tietosi ovat ladattavissa',
            paragraphs: [
              'Pyytämäsi kopio tiedoistasi on valmis.',
              `Lataa se kirjautuneena viimeistään ${expires}:`,
            ],
            link: { label: 'Lataa tiedot', url },
          }
        : {
            subject: 'Your data is ready to download',
            paragraphs: [
              'The copy of your data you asked for is ready.',
              `Download it, signed in, by ${expires}:`,
            ],
            link: { label: 'Download your data', url },
          };
    }
    case 'privacy-verification-code': {
      const expires = formatWhen(str(params, 'expiresAt'), lang);
      return fi
        ? {
            subject: 'Tietosuojapyynnön vahvistuskoodi',
            paragraphs: [
              `Vahvistuskoodisi on ${input.code ?? ''}. Se on voimassa ${expires} asti.`,
              `Jos et tehnyt pyyntöä, ota yhteyttä: ${input.controller.email}.`,
            ],
          }
        : {
            subject: 'Verification code for your privacy request',
            paragraphs: [
              `Your verification code is ${input.code ?? ''}. It is valid until ${expires}.`,
              `If you did not make a request, contact us: ${input.controller.email}.`,
            ],
          };
    }
    case 'privacy-export-link': {
      const expires = formatWhen(str(params, 'expiresAt'), lang);
      const url = linkUrl(web, input.linkToken);
      return fi
        ? {
            subject: 'Tietosi ovat ladattavissa',
            paragraphs: [
              `Pyytämäsi kopio tiedoistasi (${type}) on valmis.`,
              `Voit ladata sen kerran tästä linkistä viimeistään ${expires}. Älä välitä linkkiä eteenpäin.`,
            ],
            link: { label: 'Lataa tiedot', url },
          }
        : {
            subject: 'Your data is ready to download',
            paragraphs: [
              `The copy of your data you asked for (${type}) is ready.`,
              `You can download it once through this link, by ${expires}. Do not pass the link on.`,
            ],
            link: { label: 'Download your data', url },
          };
    }
    case 'marketing':
      return fi
        ? {
            subject: 'Ajankohtaista Offeralta',
            paragraphs: ['Kausisiivous lähestyy – varaa ajasi ajoissa.'],
            link: { label: 'Tilaa siivous', url: web },
          }
        : {
            subject: 'News from Offera',
            paragraphs: ['Seasonal cleaning is coming up – book your time early.'],
            link: { label: 'Order cleaning', url: web },
          };
  }
}

/** Where a one-time link opens (the API route: the requester has no account to sign in with). */
const linkUrl = (web: string, token: string | undefined): string =>
  `${web}/api/v1/privacy/links/${token ?? ''}`;

/** Known withheld categories in the reader's language; others are shown as the service gave them. */
const CATEGORIES: Record<Language, Record<string, string>> = {
  fi: {
    invoice: 'Laskut (kirjanpidon tositteet)',
    'privacy request records, pseudonymised': 'Tietosuojapyyntöjesi käsittelytiedot pseudonymisoituina',
    'consent history, pseudonymised': 'Suostumushistoriasi pseudonymisoituna',
    'cookie consent choices, pseudonymised': 'Evästevalintasi pseudonymisoituina',
  },
  en: {
    invoice: 'Invoices (accounting vouchers)',
  },
};

interface Withheld {
  readonly category: string;
  readonly basis: string;
  readonly until: string;
  readonly count?: number;
}

/** The withheld items a message carries (as JSON: message params are flat). */
function withheldOf(params: MessageParams): Withheld[] {
  try {
    const parsed: unknown = JSON.parse(str(params, 'withheld') || '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (w): w is Withheld =>
            typeof w === 'object' &&
            w !== null &&
            typeof (w as Withheld).category === 'string' &&
            typeof (w as Withheld).basis === 'string' &&
            typeof (w as Withheld).until === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** An erasure's outcome: what is withheld, on what legal ground and until when, and the receipts' link. */
function erasureOutcome(input: RenderInput, web: string): Body {
  const lang = input.language;
  const fi = lang === 'fi';
  const items = withheldOf(input.params).map((w) => {
    const category = CATEGORIES[lang][w.category] ?? w.category;
    const until = formatDate(w.until, lang);
    return fi
      ? `– ${category}${w.count ? ` (${w.count})` : ''}: peruste ${w.basis}; säilytetään ${until} asti, minkä jälkeen poistetaan.`
      : `– ${category}${w.count ? ` (${w.count})` : ''}: legal ground ${w.basis}; kept until ${until}, then deleted.`;
  });
  const expires = formatWhen(str(input.params, 'expiresAt'), lang);
  const link = input.linkToken
    ? { label: fi ? 'Lue kuitit' : 'Read the receipts', url: linkUrl(web, input.linkToken) }
    : undefined;
  const paragraphs = fi
    ? [
        'Pyyntösi mukaisesti olemme poistaneet henkilötietosi.',
        ...(items.length
          ? ['Seuraavat tiedot säilytetään, koska laki sitä edellyttää, vain siihen tarkoitukseen:', ...items]
          : ['Mitään tietoja ei jäänyt säilytettäväksi.']),
        ...(link
          ? [
              `Jokaisen palvelumme kuitin siitä, mitä poistettiin ja mitä säilytetään, voit lukea kerran tästä linkistä viimeistään ${expires}:`,
            ]
          : []),
        'Tämä on viimeinen viestimme sinulle.',
      ]
    : [
        'As you requested, we have erased your personal data.',
        ...(items.length
          ? ['The following is kept, because the law requires it, and only for that purpose:', ...items]
          : ['Nothing was kept.']),
        ...(link
          ? [
              `You can read each of our services' receipt of what was erased and what is kept, once, through this link, by ${expires}:`,
            ]
          : []),
        'This is our last message to you.',
      ];
  return {
    subject: fi ? 'Henkilötietosi on poistettu' : 'Your personal data has been erased',
    paragraphs,
    ...(link ? { link } : {}),
  };
}

function footer(input: RenderInput): string[] {
  const c = input.controller;
  const fi = input.language === 'fi';
  const lines = [`${c.name}, ${fi ? 'Y-tunnus' : 'Business ID'} ${c.businessId}, ${c.address}, ${c.email}`];
  if (input.template === 'marketing') {
    lines.push(
      fi
        ? `Et halua enää markkinointiviestejä? Peru tilaus: ${input.unsubscribeUrl ?? ''}`
        : `Don't want marketing messages any more? Unsubscribe: ${input.unsubscribeUrl ?? ''}`,
    );
  }
  return lines;
}

/** The message in the recipient's language: plain text, simple HTML, and an SMS form. */
export function render(input: RenderInput): Rendered {
  if (input.template === 'marketing' && !input.unsubscribeUrl)
    throw new Error('A marketing message needs an unsubscribe link');
  const b = body(input);
  const fi = input.language === 'fi';
  const greeting = input.firstName ? `${fi ? 'Hei' : 'Hi'} ${input.firstName},` : fi ? 'Hei,' : 'Hello,';
  const foot = footer(input);
  const text = [
    greeting,
    ...b.paragraphs,
    ...(b.link ? [`${b.link.label}: ${b.link.url}`] : []),
    '--',
    ...foot,
  ].join('\n\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const unsubscribe =
    input.template === 'marketing' && input.unsubscribeUrl
      ? `<p><a href="${escapeHtml(input.unsubscribeUrl)}">${fi ? 'Peru markkinointiviestien tilaus' : 'Unsubscribe'}</a></p>`
      : '';
  const html = [
    `<!doctype html><html lang="${input.language}"><body>`,
    p(greeting),
    ...b.paragraphs.map(p),
    b.link ? `<p><a href="${escapeHtml(b.link.url)}">${escapeHtml(b.link.label)}</a></p>` : '',
    `<hr><small>${escapeHtml(foot[0])}</small>`,
    unsubscribe,
    '</body></html>',
  ].join('');
  const sms = [`${input.controller.name}:`, ...b.paragraphs, ...(b.link ? [b.link.url] : [])].join(' ');
  return { subject: b.subject, text, html, sms };
}
