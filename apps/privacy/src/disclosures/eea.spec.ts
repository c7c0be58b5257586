import { EEA_COUNTRIES, isOutsideEea } from './eea.js';

describe('isOutsideEea', () => {
  it('knows the 27 EU states and Iceland, Liechtenstein and Norway', () => {
    expect(EEA_COUNTRIES.size).toBe(30);
    for (const c of ['FI', 'se', 'NO', 'IS', 'LI', 'DE']) expect(isOutsideEea(c)).toBe(false);
  });

  it('treats everything else as a third country, the UK and Switzerland included', () => {
    for (const c of ['US', 'GB', 'CH', 'IN']) expect(isOutsideEea(c)).toBe(true);
  });
});
