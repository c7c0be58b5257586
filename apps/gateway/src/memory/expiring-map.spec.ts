import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  it('answers a value until its expiry, then drops it', () => {
    const map = new ExpiringMap<string, number>(10);
    map.set('a', 1, 1000);
    expect(map.get('a', 999)).toBe(1);
    expect(map.get('a', 1000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('drops the entry set longest ago when full; setting again makes an entry the newest', () => {
    const map = new ExpiringMap<string, number>(2);
    map.set('a', 1, 1000);
    map.set('b', 2, 1000);
    map.set('a', 3, 1000);
    map.set('c', 4, 1000);
    expect(map.get('b', 0)).toBeUndefined();
    expect([map.get('a', 0), map.get('c', 0), map.size]).toEqual([3, 4, 2]);
  });

  it('deletes one entry or all of them', () => {
    const map = new ExpiringMap<string, number>(10);
    map.set('a', 1, 1000);
    map.set('b', 2, 1000);
    map.delete('a');
    expect(map.get('a', 0)).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
  });
});
