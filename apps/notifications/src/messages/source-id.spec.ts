import { sourceIdFor } from './source-id.js';

describe('sourceIdFor', () => {
  it('gives the same uuid for the same key and different ones for different keys', () => {
    const a = sourceIdFor('reminder:o1:2030-01-01T00:00:00.000Z');
    expect(a).toBe(sourceIdFor('reminder:o1:2030-01-01T00:00:00.000Z'));
    expect(a).not.toBe(sourceIdFor('reminder:o1:2030-01-02T00:00:00.000Z'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
