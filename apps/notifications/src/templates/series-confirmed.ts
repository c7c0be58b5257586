import type { MessageParams } from '../messages/outgoing-message.entity.js';
import { formatEuros, formatWhen, type Language } from './format.js';

const NTH: Record<Language, Record<string, string>> = {
  fi: { '1': 'ensimmäinen', '2': 'toinen', '3': 'kolmas', '4': 'neljäs', last: 'viimeinen' },
  en: { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', last: 'last' },
};
const WEEKDAY: Record<Language, readonly string[]> = {
  fi: ['maanantai', 'tiistai', 'keskiviikko', 'torstai', 'perjantai', 'lauantai', 'sunnuntai'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** The series' rhythm in words, from the flat params `series.created` was turned into. */
export function describeRule(params: MessageParams, lang: Language): string {
  const fi = lang === 'fi';
  switch (params.ruleKind) {
    case 'weekly':
      return fi ? 'joka viikko' : 'every week';
    case 'every_2_weeks':
      return fi ? 'joka toinen viikko' : 'every two weeks';
    case 'every_4_weeks':
      return fi ? 'joka neljäs viikko' : 'every four weeks';
    case 'monthly_day':
      return fi
        ? `kuukauden ${String(params.ruleDay)}. päivänä`
        : `on day ${String(params.ruleDay)} of each month`;
    case 'monthly_nth_weekday': {
      const nth = NTH[lang][String(params.ruleNth)] ?? String(params.ruleNth);
      const day = WEEKDAY[lang][Number(params.ruleWeekday) - 1] ?? '';
      return fi ? `kuukauden ${nth} ${day}` : `on the ${nth} ${day} of each month`;
    }
    default:
      return String(params.ruleKind ?? '');
  }
}

/** One confirmation of a new recurring series: rule, first visits, price per visit. */
export function seriesConfirmed(params: MessageParams, lang: Language, web: string) {
  const fi = lang === 'fi';
  const rule = describeRule(params, lang);
  const visits = String(params.firstVisits ?? '')
    .split(',')
    .filter(Boolean)
    .map((iso) => formatWhen(iso, lang));
  const price = Number(params.pricePerVisitCents ?? 0);
  const minutes = Number(params.durationMinutes ?? 0);
  const changed = Number(params.changed ?? 0) === 1;
  const link = {
    label: fi ? 'Katso sarja' : 'See your series',
    url: `${web}/order-series/${String(params.seriesId ?? '')}`,
  };
  return fi
    ? {
        subject: changed
          ? 'Toistuvan siivouksesi muutos on vahvistettu'
          : 'Toistuva siivouksesi on vahvistettu',
        paragraphs: [
          `${changed ? 'Toistuva siivouksesi jatkuu muutettuna' : 'Olemme vastaanottaneet toistuvan siivouksesi'}: ${rule}, ${minutes} min kerrallaan.`,
          ...(visits.length ? [`Ensimmäiset käynnit: ${visits.join('; ')}.`] : []),
          ...(price > 0 ? [`Hinta käynniltä: ${formatEuros(price, lang)} (sis. ALV).`] : []),
          'Ilmoitamme, kun siivoojasi on vahvistettu.',
        ],
        link,
      }
    : {
        subject: changed
          ? 'The change to your recurring cleaning is confirmed'
          : 'Your recurring cleaning is confirmed',
        paragraphs: [
          `${changed ? 'Your recurring cleaning continues with the change' : 'We have received your recurring cleaning'}: ${rule}, ${minutes} min each time.`,
          ...(visits.length ? [`First visits: ${visits.join('; ')}.`] : []),
          ...(price > 0 ? [`Price per visit: ${formatEuros(price, lang)} (VAT included).`] : []),
          'We will let you know when your cleaner has been confirmed.',
        ],
        link,
      };
}
