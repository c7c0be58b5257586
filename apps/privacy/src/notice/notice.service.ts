import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { COMPLAINT_AUTHORITY, type NoticeLanguage, type PrivacyNotice } from '@offera/contracts';
import type { PrivacyConfig } from '../config.js';
import { DATA_INVENTORY, PURPOSES, RECIPIENTS, RIGHTS, SOURCE } from './data-inventory.js';

const TEXT = {
  fi: {
    title: 'Tietosuojaseloste',
    controller: 'Rekisterinpitäjä',
    register: 'Rekisterin nimi',
    registerName: (c: string) => `${c}:n asiakasrekisteri`,
    purposes: 'Henkilötietojen käsittelyn tarkoitus',
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
          heading: t.data,
          paragraphs: [],
          items: DATA_INVENTORY.map((i) => `${i.item[lang]}: ${i.retention[lang]}; ${i.erasure[lang]}`),
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
        retention: i.retention[lang],
        erasure: i.erasure[lang],
      })),
    };
  }
}
