import type { NoticeLanguage, QueueName } from '@offera/contracts';

type Text = Readonly<Record<NoticeLanguage, string>>;

/** The legal bases of Art. 6(1) the system relies on. */
export type LegalBasis = 'contract' | 'legal_obligation' | 'legitimate_interest' | 'consent';

export const LEGAL_BASES: Readonly<Record<LegalBasis, Text>> = {
  contract: { fi: 'sopimus (6 art. 1 b)', en: 'contract (Art. 6(1)(b))' },
  legal_obligation: { fi: 'lakisääteinen velvoite (6 art. 1 c)', en: 'legal obligation (Art. 6(1)(c))' },
  legitimate_interest: {
    fi: 'oikeutettu etu (6 art. 1 f)',
    en: 'legitimate interest (Art. 6(1)(f))',
  },
  consent: { fi: 'suostumus (6 art. 1 a)', en: 'consent (Art. 6(1)(a))' },
};

export interface InventoryItem {
  readonly item: Text;
  readonly service: QueueName;
  /** Why it may be processed; portability (Art. 20) covers only consent and contract. */
  readonly basis: readonly LegalBasis[];
  readonly retention: Text;
  readonly erasure: Text;
}

/** Each purpose of processing and its legal basis, as the notice states them. */
export const PROCESSING_PURPOSES: readonly { readonly purpose: Text; readonly basis: LegalBasis }[] = [
  {
    purpose: {
      fi: 'Asiakassuhteen hoitaminen ja palveluiden tuottaminen: tilaukset, niiden välittäminen palveluntuottajille, viestit tilauksista',
      en: 'Managing the customer relationship and providing the services: orders, passing them to providers, messages about orders',
    },
    basis: 'contract',
  },
  {
    purpose: {
      fi: 'Laskutus ja kirjanpito (kirjanpitolaki), kotitalousvähennyksen tiedot',
      en: 'Invoicing and accounting (Accounting Act), household deduction details',
    },
    basis: 'legal_obligation',
  },
  {
    purpose: {
      fi: 'Rekisteröidyn oikeuksia koskevien pyyntöjen käsittely ja suostumusten osoittaminen',
      en: 'Handling data-subject requests and proving consents',
    },
    basis: 'legal_obligation',
  },
  {
    purpose: {
      fi: 'Tietoturva ja väärinkäytösten estäminen (IP-osoitteet, kirjautumisyritykset), palveluiden kehittäminen ja raportointi',
      en: 'Security and preventing misuse (IP addresses, sign-in attempts), developing the services and reporting',
    },
    basis: 'legitimate_interest',
  },
  {
    purpose: {
      fi: 'Sähköinen suoramarkkinointi, analytiikka- ja markkinointievästeet, tietojen luovutus kolmansille',
      en: 'Electronic direct marketing, analytics and marketing cookies, disclosure to third parties',
    },
    basis: 'consent',
  },
];

/**
 * What the system stores about a customer, where, how long and what erasure does to it (the
 * inventory of ARCHITECTURE.md). The privacy notice and every export's Art. 15 metadata are
 * generated from this list, so they describe what is actually stored.
 */
export const DATA_INVENTORY: readonly InventoryItem[] = [
  {
    item: {
      fi: 'Etu- ja sukunimi, sähköpostiosoite, puhelinnumero, asiakasnumero',
      en: 'First and last name, email, phone, customer number',
    },
    service: 'customers',
    basis: ['contract'],
    retention: { fi: 'asiakassuhteen ajan', en: 'for the customer relationship' },
    erasure: { fi: 'poistetaan', en: 'deleted' },
  },
  {
    item: { fi: 'Osoitetiedot ja niiden koordinaatit', en: 'Addresses and their coordinates' },
    service: 'customers',
    basis: ['contract'],
    retention: { fi: 'asiakassuhteen ajan', en: 'for the customer relationship' },
    erasure: {
      fi: 'poistetaan; laskun kopio säilytetään kirjanpitolain mukaan',
      en: 'deleted; the invoice copy is kept as accounting law requires',
    },
  },
  {
    item: { fi: 'IP-osoite', en: 'IP address' },
    service: 'customers',
    basis: ['legitimate_interest'],
    retention: {
      fi: 'poistetaan automaattisesti säilytysajan jälkeen',
      en: 'purged automatically after its retention period',
    },
    erasure: { fi: 'poistetaan', en: 'deleted' },
  },
  {
    item: {
      fi: 'Henkilötunnus (salattuna, näytetään peitettynä)',
      en: 'Personal identity code (encrypted, shown masked)',
    },
    service: 'customers',
    basis: ['contract', 'legal_obligation'],
    retention: { fi: 'asiakassuhteen ajan', en: 'for the customer relationship' },
    erasure: { fi: 'poistetaan', en: 'deleted' },
  },
  {
    item: {
      fi: 'Tilaustiedot: palvelut ja lisäpalvelut, ajankohta ja kesto, toistuvuus, suoritusosoite, lisätiedot, lemmikit, hinnoittelu ja alennuskoodit, maksutapa, palveluntuottaja, palveluntuottajan kommentit, arviot',
      en: 'Orders: services and add-ons, time and duration, recurrence, service address, extra information, pets, pricing and discount codes, payment method, provider, provider comments, ratings',
    },
    service: 'orders',
    basis: ['contract'],
    retention: { fi: 'asiakassuhteen ajan', en: 'for the customer relationship' },
    erasure: { fi: 'poistetaan', en: 'deleted' },
  },
  {
    item: { fi: 'Laskut (tositteet)', en: 'Invoices (accounting vouchers)' },
    service: 'orders',
    basis: ['legal_obligation'],
    retention: {
      fi: '6 vuotta sen kalenterivuoden lopusta, jona tilikausi päättyi (kirjanpitolaki 2:10)',
      en: '6 years from the end of the calendar year in which the financial year ended (Accounting Act 2:10)',
    },
    erasure: {
      fi: 'säilytetään lakisääteisen ajan, sitten poistetaan',
      en: 'withheld for the statutory period, then deleted',
    },
  },
  {
    item: {
      fi: 'Palveluntuottajien ja henkilökunnan tunnukset ja yhteystiedot, palveluntuottajan yritystiedot, toiminta-alue, tarjoukset, kommentit ja luopumisten syyt',
      en: 'Provider and staff accounts and contact details, a provider’s business details, service area, offers, comments and release reasons',
    },
    service: 'customers',
    basis: ['contract', 'legitimate_interest'],
    retention: { fi: 'sopimussuhteen ajan', en: 'for the contract' },
    erasure: {
      fi: 'poistetaan; tehdyt työt ja henkilökunnan kirjatut toimet säilyvät pseudonyymin alla',
      en: 'deleted; past work and staff actions on record stay under a pseudonym',
    },
  },
  {
    item: { fi: 'Lähetetyt ilmoitukset ja viestit', en: 'Notifications and messages sent' },
    service: 'notifications',
    basis: ['contract', 'consent'],
    retention: { fi: 'asiakassuhteen ajan', en: 'for the customer relationship' },
    erasure: {
      fi: 'poistetaan; suoramarkkinointikielto säilyy tunnisteena, josta osoitetta ei voi lukea',
      en: 'deleted; a marketing objection survives as a suppression entry holding no readable address',
    },
  },
  {
    item: {
      fi: 'Suostumukset (evästeet, markkinointi, luovutus kolmansille) ja tietosuojapyynnöt',
      en: 'Consents (cookies, marketing, third-party disclosure) and data-subject requests',
    },
    service: 'privacy',
    basis: ['legal_obligation'],
    retention: {
      fi: 'pseudonymisoituina todisteena käsittelystä',
      en: 'pseudonymised, as proof of handling',
    },
    erasure: { fi: 'pseudonymisoidaan', en: 'pseudonymised' },
  },
];

export const PURPOSES: Text = {
  fi: 'Asiakassuhteen tunnistaminen, hoitaminen ja hallinnointi, palveluiden tuottaminen, asiakkaan ja rekisterinpitäjän oikeuksien ja velvollisuuksien toteuttaminen, markkinointi ja suoramarkkinointi (myös sähköisesti), palveluiden kehittäminen, raportointi, personointi sekä väärinkäytösten estäminen.',
  en: 'Identifying, maintaining and managing the customer relationship, providing the services, carrying out the rights and duties of the customer and the controller, marketing including direct marketing (also electronically), developing the services, reporting, personalisation and preventing misuse.',
};

export const RECIPIENTS: Text = {
  fi: 'Tietoja voidaan luovuttaa asiakkaan erillisellä luvalla kolmansille osapuolille. Tietoja voi käydä ilmi luotetuille kolmansille osapuolille laskutuksen (pankkijärjestelmät), kirjanpidon (tilitoimisto) ja perinnän (verottaja, ulosottotoimisto, viranomaiset) yhteydessä. Tietoja voidaan luovuttaa EU- ja ETA-alueen ulkopuolelle asianmukaisin suojatoimin.',
  en: 'Data may be disclosed to third parties with the customer’s separate consent. Trusted third parties may see data in billing (banking systems), accounting (accounting firm) and collections (tax authority, enforcement authority, other authorities). Data may be transferred outside the EU/EEA with appropriate safeguards.',
};

export const SOURCE: Text = {
  fi: 'Tiedot saadaan asiakkaalta itseltään tilauksen ja asiakassuhteen yhteydessä sekä palveluntuottajilta tilauksen suorittamisesta.',
  en: 'The data comes from the customers themselves when ordering and during the customer relationship, and from providers about the jobs they did.',
};

export const RIGHTS: Text = {
  fi: 'Sinulla on oikeus saada pääsy tietoihisi, oikaista ne, pyytää niiden poistamista ("oikeus tulla unohdetuksi"), rajoittaa käsittelyä, siirtää tiedot järjestelmästä toiseen, vastustaa suoramarkkinointia ja peruuttaa suostumuksesi milloin tahansa yhtä helposti kuin annoit sen. Voit tehdä valituksen tietosuojavaltuutetulle (tietosuoja.fi).',
  en: 'You have the right to access your data, have it rectified, have it erased ("right to be forgotten"), restrict its processing, receive it in a portable format, object to direct marketing and withdraw consent at any time as easily as you gave it. You may lodge a complaint with the Data Protection Ombudsman (tietosuoja.fi).',
};

/** The Art. 15 metadata every export carries, in English and Finnish. */
export function art15Metadata(): Record<string, unknown> {
  const both = (t: Text) => ({ en: t.en, fi: t.fi });
  return {
    purposes: both(PURPOSES),
    categories: DATA_INVENTORY.map((i) => ({ item: both(i.item), service: i.service, basis: i.basis })),
    legalBases: PROCESSING_PURPOSES.map((p) => ({ purpose: both(p.purpose), basis: p.basis })),
    recipients: both(RECIPIENTS),
    retention: DATA_INVENTORY.map((i) => ({ item: i.item.en, retention: both(i.retention) })),
    source: both(SOURCE),
    rights: both(RIGHTS),
    automatedDecisionMaking: { en: 'None', fi: 'Ei automaattista päätöksentekoa' },
  };
}
