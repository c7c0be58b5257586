import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { CustomerProfile } from '@offera/contracts';
import { MetricsService } from '@offera/observability';
import { type BroadcastListener, MessageBus } from '@offera/transport';
import type { Counter } from 'prom-client';
import type { GatewayConfig } from '../config.js';
import { ExpiringMap } from '../memory/expiring-map.js';

interface Flight {
  readonly promise: Promise<CustomerProfile>;
  /** Invalidated while loading: its answer may predate the change, so it is not kept. */
  stale: boolean;
}

export type ProfileCacheResult = 'hit' | 'miss' | 'bypass';

/**
 * The signed-in customer's profile, kept in this process's memory for a short while, so the
 * most frequent read of the API does not cross the transport every time.
 *
 * Freshness: the customers service broadcasts `customer.profile-changed` after every committed
 * change (edit, identity code, rectification, restriction, erasure) and every gateway drops the
 * entry; this gateway also drops it as soon as a change it forwarded is answered, so a caller
 * reads its own write. A load that overlaps an invalidation is not kept. While the broadcast
 * subscription is down nothing is cached (it may miss a change), and everything kept is dropped.
 * Entries expire after `PROFILE_CACHE_TTL_MS` in any case; 0 turns the cache off.
 */
@Injectable()
export class ProfileCache implements OnModuleInit, BroadcastListener {
  private readonly entries: ExpiringMap<string, CustomerProfile>;
  private readonly flights = new Map<string, Flight>();
  private live = false;
  private readonly outcomes: Counter<'result'>;

  constructor(
    private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    metrics: MetricsService,
  ) {
    this.entries = new ExpiringMap(config.profileCacheMaxEntries);
    this.outcomes = metrics.counter({
      name: 'gateway_profile_cache_total',
      help: 'Profile reads by outcome: served from memory (hit), loaded (miss) or not cacheable (bypass)',
      labelNames: ['result'],
    });
  }

  get enabled(): boolean {
    return this.config.profileCacheTtlMs > 0;
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) await this.bus.listen('customer.profile-changed', this);
  }

  /** The profile from memory when fresh, else from `load` (concurrent misses share one load). */
  async get(
    customerId: string,
    load: () => Promise<CustomerProfile>,
    bypass = false,
  ): Promise<CustomerProfile> {
    if (!this.live || bypass) {
      this.outcomes.inc({ result: 'bypass' });
      return load();
    }
    const kept = this.entries.get(customerId);
    if (kept) {
      this.outcomes.inc({ result: 'hit' });
      return kept;
    }
    this.outcomes.inc({ result: 'miss' });
    const pending = this.flights.get(customerId);
    if (pending && !pending.stale) return pending.promise;
    const flight: Flight = { promise: load(), stale: false };
    this.flights.set(customerId, flight);
    try {
      const profile = await flight.promise;
      if (!flight.stale && this.live)
        this.entries.set(customerId, profile, Date.now() + this.config.profileCacheTtlMs);
      return profile;
    } finally {
      if (this.flights.get(customerId) === flight) this.flights.delete(customerId);
    }
  }

  invalidate(customerId: string): void {
    this.entries.delete(customerId);
    const flight = this.flights.get(customerId);
    if (flight) flight.stale = true;
  }

  /** How many profiles are kept now (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  received(customerId: string): void {
    this.invalidate(customerId);
  }

  listening(): void {
    this.live = true;
  }

  deaf(): void {
    this.live = false;
    this.entries.clear();
    for (const flight of this.flights.values()) flight.stale = true;
  }
}
