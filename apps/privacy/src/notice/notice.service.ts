import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { COMPLAINT_AUTHORITY, type NoticeLanguage, type PrivacyNotice } from '@offera/contracts';
import type { PrivacyConfig } from '../config.js';
import {
  DATA_INVENTORY,
  type InventoryItem,
  LEGAL_BASES,
  PROCESSING_PURPOSES,
  PURPOSES,
  RECIPIENTS,
  RIGHTS,
  SOURCE,
} from './data-inventory.js';

const TEXT = {
  fi: {
    title: 'Tietosuojaseloste',
    controller: 'Rekisterinpitäjä',
    register: 'Rekisterin nimi',
    registerName: (c: string) => `${c}:n asiakasrekisteri`,
    purposes: 'Henkilötietojen käsittelyn tarkoitus',
    bases: 'Käsittelyn oikeusperusteet',
    basesText:
      'Kunkin käsittelyn tarkoituksen oikeusperuste (EU:n yleinen tietosuoja-asetus). Siirto-oikeus koskee itse antamiasi tietoja, joita käsitellään sopimuksen tai suostumuksen perusteella.',
    item: (item: string, basis: string, retention: string, erasure: string) =>
      `${item} – oikeusperuste: ${basis}; säilytys: ${retention}; poistopyyntö: ${erasure}`,
    figures: (years: number, exportDays: number, ipDays: number) =>
      `Käsitellyn pyynnön pseudonymisoitu tietue säilytetään ${years} vuotta sen valmistumisesta. Tietopyynnön vastaus on ladattavissa ${exportDays} päivää, minkä jälkeen se poistetaan. Evästesuostumuksen IP-osoite poistetaan ${ipDays} päivän kuluttua.`,
    marketing: 'Asiakkaalla on oikeus kieltää tietojen käyttäminen suoramarkkinointiin.',
    data: 'Käsiteltävät henkilötiedot, säilytysajat ja poistaminen',
    source: 'Säännönmukaiset tietolähteet',
    disclosure: 'Tietojen luovutus ja siirto EU:n ja ETA:n ulkopuolelle',
    security: 'Henkilötietojen suojaus',
    securityText:
      'Tiedot tallennetaan suojatuille palvelimille ja siirretään salattuja yhteyksiä pitkin; henkilötunnus salataan. Pääsy tietoihin on vain niillä, jotka tarvitsevat niitä työssään, ja henkilökunnan pääsy kirjataan.',
    cookies: 'Evästeet',
    cookiesText:
      'Välttämättömät evästeet pitävät käyttäjän tunnistettuna. Analytiikka- ja markkinointievästeitä käytetään vain suostumuksellasi, jonka voit peruuttaa yhtä helposti kuin annoit sen.',
    rights: 'Rekisteröidyn oikeudet',
    exercise: 'Oikeuksien käyttäminen',
    exerciseText: (email: string) =>
      `Kirjautunut asiakas voi tehdä pyynnön verkkopalvelussa. Muuten lähetä kirje tai sähköposti osoitteeseen ${email}, jossa on nimesi, osoitteesi, puhelinnumerosi ja kopio henkilöllisyystodistuksesta; evästetietoja koskevaan pyyntöön liitä evästeen tunniste. Vastaamme kuukauden kuluessa; määräaikaa voidaan perustellusta syystä jatkaa enintään kahdella kuukaudella, mistä kerromme sinulle. Voimme hylätä kohtuuttoman usein toistuvat tai perusteettomat pyynnöt.`,
    complaint: (name: string, url: string) =>
      `Voit tehdä valituksen valvontaviranomaiselle: ${name}, ${url}.`,
  },
  en: {
    title: 'Privacy notice',
    controller: 'Controller',
    register: 'Name of the register',
    registerName: (c: string) => `${c} customer register`,
    purposes: 'Purposes of processing',
    bases: 'Legal bases of processing',
    basesText:
      'The legal basis of each purpose (EU General Data Protection Regulation). Data portability covers the data you provided that is processed on contract or consent.',
    item: (item: string, basis: string, retention: string, erasure: string) =>
      `${item} – legal basis: ${basis}; kept: ${retention}; on erasure: ${erasure}`,
    figures: (years: number, exportDays: number, ipDays: number) =>
      `The pseudonymised record of a handled request is kept ${years} years after it was completed. An access or portability export can be downloaded for ${exportDays} days and is then deleted. The IP address of a cookie consent is deleted after ${ipDays} days.`,
    marketing: 'Customers may forbid the use of their data for direct marketing.',
    data: 'Personal data processed, retention and erasure',
    source: 'Sources of data',
    disclosure: 'Disclosures and transfers outside the EU/EEA',
    security: 'Security',
    securityText:
      'Data is stored on protected servers and travels over encrypted connections; identity codes are encrypted. Only people who need the data for their work can see it, and staff access is logged.',
    cookies: 'Cookies',
    cookiesText:
      'Necessary cookies keep you signed in. Analytics and marketing cookies are used only with your consent, which you can withdraw as easily as you gave it.',
    rights: 'Your rights',
    exercise: 'Exercising your rights',
    exerciseText: (email: string) =>
      `A signed-in customer can make a request in the online service. Otherwise send a letter or email to ${email} with your name, address, phone number and a copy of an ID document; for a request about cookie data, include the cookie's id. We answer within one month; for good reason the deadline may be extended by up to two months, and we tell you so. We may refuse requests that are manifestly unfounded or excessive, in particular repetitive.`,
    complaint: (name: string, url: string) =>
      `You may lodge a complaint with the supervisory authority: ${name}, ${url}.`,
  },
} as const;

const basisOf = (i: InventoryItem, lang: NoticeLanguage): string =>
  i.basis.map((b) => LEGAL_BASES[b][lang]).join(', ');

/** The privacy notice, built from configuration (who the controller is) and the data inventory. */
@Injectable()
export class NoticeService {
  constructor(@Inject(APP_CONFIG) private readonly config: PrivacyConfig) {}

  notice(lang: NoticeLanguage): PrivacyNotice {
    const t = TEXT[lang];
    const c = this.config;
    return {
      lang,
      title: t.title,
      controller: {
        name: c.controllerName,
        businessId: c.controllerBusinessId,
        address: c.controllerAddress,
        email: c.controllerEmail,
        phone: c.controllerPhone,
      },
      contactPerson: { name: c.privacyContactName, email: c.privacyContactEmail },
      sections: [
        { heading: t.register, paragraphs: [t.registerName(c.controllerName)] },
        { heading: t.purposes, paragraphs: [PURPOSES[lang], t.marketing] },
        {
          heading: t.bases,
          paragraphs: [t.basesText],
          items: PROCESSING_PURPOSES.map((p) => `${p.purpose[lang]}: ${LEGAL_BASES[p.basis][lang]}`),
        },
        {
          heading: t.data,
          paragraphs: [t.figures(c.requestRecordRetentionYears, c.exportTtlDays, c.consentIpRetentionDays)],
          items: DATA_INVENTORY.map((i) =>
            t.item(i.item[lang], basisOf(i, lang), i.retention[lang], i.erasure[lang]),
          ),
        },
        { heading: t.source, paragraphs: [SOURCE[lang]] },
        { heading: t.disclosure, paragraphs: [RECIPIENTS[lang]] },
        { heading: t.security, paragraphs: [t.securityText] },
        { heading: t.cookies, paragraphs: [t.cookiesText] },
        { heading: t.rights, paragraphs: [RIGHTS[lang]] },
        {
          heading: t.exercise,
          paragraphs: [
            t.exerciseText(c.privacyContactEmail),
            t.complaint(COMPLAINT_AUTHORITY.name, COMPLAINT_AUTHORITY.url),
          ],
        },
      ],
      dataInventory: DATA_INVENTORY.map((i) => ({
        item: i.item[lang],
        service: i.service,
        basis: basisOf(i, lang),
        retention: i.retention[lang],
        erasure: i.erasure[lang],
      })),
    };
  }
}
