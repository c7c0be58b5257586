import {
  CATALOG_CACHE_LOOKBACK_MS,
  CatalogCache,
  type CatalogSnapshot,
  type CachedItem,
  priceAt,
} from './catalog-cache.js';
import { CatalogItemEntity } from './catalog-item.entity.js';
import { CatalogPriceEntity } from './catalog-price.entity.js';

const snapshot = (tag: string, coversFrom = new Date(0)): CatalogSnapshot => ({
  coversFrom,
  items: new Map([[tag, { item: new CatalogItemEntity(), prices: [] }]]),
});

/** A loader whose loads finish when the test says so. */
function controlledLoader() {
  const pending: { coversFrom: Date; resolve: (s: CatalogSnapshot) => void }[] = [];
  const load = (coversFrom: Date) =>
    new Promise<CatalogSnapshot>((resolve) => pending.push({ coversFrom, resolve }));
  return { load, pending };
}

describe('CatalogCache', () => {
  it('loads once for concurrent callers and reuses the snapshot within the TTL', async () => {
    let now = 1_000_000;
    const { load, pending } = controlledLoader();
    const cache = new CatalogCache(load, 10_000, () => now);
    const a = cache.get();
    const b = cache.get();
    expect(pending).toHaveLength(1);
    expect(pending[0].coversFrom.getTime()).toBe(now - CATALOG_CACHE_LOOKBACK_MS);
    pending[0].resolve(snapshot('first'));
    expect(await a).toBe(await b);
    now += 9_999;
    expect((await cache.get()).items.has('first')).toBe(true);
    expect(pending).toHaveLength(1);
  });

  it('reloads after the TTL', async () => {
    let now = 0;
    const { load, pending } = controlledLoader();
    const cache = new CatalogCache(load, 10_000, () => now);
    const first = cache.get();
    pending[0].resolve(snapshot('first'));
    await first;
    now = 10_000;
    const second = cache.get();
    expect(pending).toHaveLength(2);
    pending[1].resolve(snapshot('second'));
    expect((await second).items.has('second')).toBe(true);
  });

  it('after an invalidation, reads again and never keeps a load that started before it', async () => {
    const { load, pending } = controlledLoader();
    const cache = new CatalogCache(load, 10_000, () => 0);
    const stale = cache.get();
    cache.invalidate();
    const fresh = cache.get();
    expect(pending).toHaveLength(2);
    pending[1].resolve(snapshot('fresh'));
    expect((await fresh).items.has('fresh')).toBe(true);
    // The load from before the edit finishes last: its caller gets it, the cache does not.
    pending[0].resolve(snapshot('stale'));
    expect((await stale).items.has('stale')).toBe(true);
    expect((await cache.get()).items.has('fresh')).toBe(true);
    expect(pending).toHaveLength(2);
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const cache = new CatalogCache(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve(snapshot('ok'));
      },
      10_000,
      () => 0,
    );
    await expect(cache.get()).rejects.toThrow('down');
    expect((await cache.get()).items.has('ok')).toBe(true);
  });
});

describe('priceAt', () => {
  const price = (iso: string) =>
    Object.assign(new CatalogPriceEntity(), { id: iso, validFrom: new Date(iso) });
  const cached: CachedItem = {
    item: new CatalogItemEntity(),
    // Latest first, as loaded.
    prices: [price('2026-03-01T00:00:00Z'), price('2026-01-01T00:00:00Z')],
  };

  it('picks the latest price in force at the instant', () => {
    expect(priceAt(cached, new Date('2026-02-01T00:00:00Z'))?.id).toBe('2026-01-01T00:00:00Z');
    expect(priceAt(cached, new Date('2026-03-01T00:00:00Z'))?.id).toBe('2026-03-01T00:00:00Z');
    expect(priceAt(cached, new Date('2027-01-01T00:00:00Z'))?.id).toBe('2026-03-01T00:00:00Z');
  });

  it('has no price before the first one', () => {
    expect(priceAt(cached, new Date('2025-12-31T23:59:59Z'))).toBeUndefined();
  });
});
