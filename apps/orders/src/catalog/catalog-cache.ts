import type { CatalogItemKind } from '@offera/contracts';
import type { CatalogItemEntity } from './catalog-item.entity.js';
import type { CatalogPriceEntity } from './catalog-price.entity.js';

/**
 * How long a loaded catalogue is served before it is read again. Edits made through this
 * process invalidate it at once; the TTL bounds how late edits made through another replica
 * (or straight in the database) are seen here.
 */
export const CATALOG_CACHE_TTL_MS = 10_000;

/**
 * Prices are kept from the one in force this long before loading on, so a request whose `now`
 * was taken just before a reload still finds its price; earlier instants go to the database.
 */
export const CATALOG_CACHE_LOOKBACK_MS = 60 * 60_000;

/** An active item and its prices from `coversFrom` on, latest first. */
export interface CachedItem {
  readonly item: CatalogItemEntity;
  readonly prices: readonly CatalogPriceEntity[];
}

export interface CatalogSnapshot {
  /** The snapshot answers for instants at or after this one. */
  readonly coversFrom: Date;
  /** Active items by `kind:code`. */
  readonly items: ReadonlyMap<string, CachedItem>;
}

export const catalogKey = (kind: CatalogItemKind, code: string): string => `${kind}:${code}`;

/**
 * The active catalogue held in memory: loaded once, reused until the TTL passes or it is
 * invalidated. Concurrent callers share one load. A load that started before an invalidation
 * is not kept, so it cannot bring back what the edit replaced.
 */
export class CatalogCache {
  private snapshot?: { readonly value: CatalogSnapshot; readonly loadedAt: number };
  private loading?: Promise<CatalogSnapshot>;
  private generation = 0;

  constructor(
    private readonly load: (coversFrom: Date) => Promise<CatalogSnapshot>,
    private readonly ttlMs = CATALOG_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The current snapshot, loading it when there is none or it is older than the TTL. */
  get(): Promise<CatalogSnapshot> {
    const s = this.snapshot;
    if (s && this.clock() - s.loadedAt < this.ttlMs) return Promise.resolve(s.value);
    this.loading ??= this.reload();
    return this.loading;
  }

  /** Forgets the snapshot (and any load in progress): the next `get` reads the database. */
  invalidate(): void {
    this.generation += 1;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  private async reload(): Promise<CatalogSnapshot> {
    const generation = this.generation;
    const loadedAt = this.clock();
    try {
      const value = await this.load(new Date(loadedAt - CATALOG_CACHE_LOOKBACK_MS));
      if (generation === this.generation) this.snapshot = { value, loadedAt };
      return value;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}

/** The price of a cached item in force at `at`, if any. */
export function priceAt(cached: CachedItem, at: Date): CatalogPriceEntity | undefined {
  return cached.prices.find((p) => p.validFrom.getTime() <= at.getTime());
}
