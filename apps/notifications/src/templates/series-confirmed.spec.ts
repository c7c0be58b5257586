import { describeRule } from './series-confirmed.js';
import { render, type RenderInput } from './templates.js';

const input = (language: 'fi' | 'en', params: RenderInput['params']): RenderInput => ({
  template: 'series-confirmed',
  language,
  firstName: 'Aino',
  params,
  controller: {
    name: 'Offera Oy',
    businessId: '3230846-4',
    address: 'Vuorenpeikontie 5 A',
    email: 'x@offera.fi',
  },
  webBaseUrl: 'https://offera.fi',
});

const weekly = {
  seriesId: '0a1b2c3d-0000-4000-8000-000000000000',
  ruleKind: 'weekly',
  ruleDay: null,
  ruleNth: null,
  ruleWeekday: null,
  firstVisits: '2030-01-15T07:00:00.000Z,2030-01-22T07:00:00.000Z',
  pricePerVisitCents: 8483,
  durationMinutes: 120,
  changed: 0,
};

describe('series-confirmed template', () => {
  it('summarises the rule, the first visits (Helsinki time) and the price per visit, in Finnish', () => {
    const r = render(input('fi', weekly));
    expect(r.subject).toBe('Toistuva siivouksesi on vahvistettu');
    expect(r.text).toContain('joka viikko, 120 min kerrallaan');
    expect(r.text).toContain('Ensimmäiset käynnit: 15.1.2030 klo 9.00; 22.1.2030 klo 9.00.');
    expect(r.text).toContain('Hinta käynniltä: 84,83 €');
    expect(r.text).toContain('https://offera.fi/order-series/0a1b2c3d-0000-4000-8000-000000000000');
  });

  it('in English, and says when a series continues with a change', () => {
    const r = render(input('en', { ...weekly, changed: 1 }));
    expect(r.subject).toBe('The change to your recurring cleaning is confirmed');
    expect(r.text).toContain('every week, 120 min each time');
    expect(r.text).toContain('First visits: 15 January 2030 at 09:00; 22 January 2030 at 09:00.');
    expect(r.text).toContain('Price per visit: €84.83');
  });

  it('describes every kind of rule, and leaves out an unknown price or visits', () => {
    const p = (over: Record<string, string | number | null>) => ({ ...weekly, ...over });
    expect(describeRule(p({ ruleKind: 'every_2_weeks' }), 'fi')).toBe('joka toinen viikko');
    expect(describeRule(p({ ruleKind: 'every_4_weeks' }), 'en')).toBe('every four weeks');
    expect(describeRule(p({ ruleKind: 'monthly_day', ruleDay: 15 }), 'fi')).toBe('kuukauden 15. päivänä');
    expect(describeRule(p({ ruleKind: 'monthly_nth_weekday', ruleNth: 'last', ruleWeekday: 5 }), 'en')).toBe(
      'on the last Friday of each month',
    );
    expect(describeRule(p({ ruleKind: 'monthly_nth_weekday', ruleNth: '2', ruleWeekday: 1 }), 'fi')).toBe(
      'kuukauden toinen maanantai',
    );
    const bare = render(input('en', p({ firstVisits: '', pricePerVisitCents: 0 })));
    expect(bare.text).not.toMatch(/First visits|Price per visit|undefined/);
  });
});
