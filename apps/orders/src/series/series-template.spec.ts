import { frequencyOf } from './series-template.js';

describe('frequencyOf', () => {
  it('maps week rules to themselves and month rules to monthly (for the frequency discount)', () => {
    expect(frequencyOf({ kind: 'weekly' })).toBe('weekly');
    expect(frequencyOf({ kind: 'every_2_weeks' })).toBe('every_2_weeks');
    expect(frequencyOf({ kind: 'every_4_weeks' })).toBe('every_4_weeks');
    expect(frequencyOf({ kind: 'monthly_day', day: 31 })).toBe('monthly');
    expect(frequencyOf({ kind: 'monthly_nth_weekday', nth: 'last', weekday: 5 })).toBe('monthly');
  });
});
