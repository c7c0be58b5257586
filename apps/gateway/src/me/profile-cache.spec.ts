import type { CustomerProfile } from '@offera/contracts';
import { MetricsService } from '@offera/observability';
import type { MessageBus } from '@offera/transport';
import type { GatewayConfig } from '../config.js';
import { ProfileCache } from './profile-cache.js';

const profile = (id: string, firstName = 'Maija'): CustomerProfile => ({
  id,
  customerNumber: 'A-1',
  firstName,
  lastName: 'Meikäläinen',
  email: `${id}@example.fi`,
  createdAt: '2026-01-01T00:00:00.000Z',
  phone: null,
  language: 'fi',
  identityCode: null,
  restricted: false,
});

/** A load that counts its calls. */
function counted(make: () => Promise<CustomerProfile>) {
  const load = () => {
    load.calls += 1;
    return make();
  };
  load.calls = 0;
  return load;
}

/** A load the test resolves by hand, to interleave it with invalidations. */
function deferred() {
  let resolve!: (p: CustomerProfile) => void;
  const promise = new Promise<CustomerProfile>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ProfileCache', () => {
  let now = 1_000_000;
  const realNow = Date.now;
  // The bus is only used to subscribe in onModuleInit, which these tests drive by hand.
  const unusedBus = {} as MessageBus;

  beforeEach(() => {
    now = 1_000_000;
    Date.now = () => now;
  });
  afterAll(() => {
    Date.now = realNow;
  });

  function cache(ttlMs = 30_000, maxEntries = 100): ProfileCache {
    const config = { profileCacheTtlMs: ttlMs, profileCacheMaxEntries: maxEntries } as GatewayConfig;
    const c = new ProfileCache(
      unusedBus,
      config,
      new MetricsService({ service: 'test', defaultMetrics: false }),
    );
    c.listening();
    return c;
  }

  it('loads once, then answers from memory until the entry expires', async () => {
    const c = cache(1000);
    const load = counted(() => Promise.resolve(profile('a')));
    await c.get('a', load);
    await c.get('a', load);
    expect(load.calls).toBe(1);
    now += 1001;
    await c.get('a', load);
    expect(load.calls).toBe(2);
  });

  it('shares one load between concurrent misses', async () => {
    const c = cache();
    const d = deferred();
    const load = counted(() => d.promise);
    const reads = [c.get('a', load), c.get('a', load), c.get('a', load)];
    d.resolve(profile('a'));
    await expect(Promise.all(reads)).resolves.toHaveLength(3);
    expect(load.calls).toBe(1);
  });

  it('does not keep a load that overlapped an invalidation', async () => {
    const c = cache();
    const old = deferred();
    const reading = c.get('a', () => old.promise);
    c.received('a'); // the change committed while the old row was on its way
    old.resolve(profile('a', 'Vanha'));
    await expect(reading).resolves.toMatchObject({ firstName: 'Vanha' });
    const load = counted(() => Promise.resolve(profile('a', 'Uusi')));
    await expect(c.get('a', load)).resolves.toMatchObject({ firstName: 'Uusi' });
    expect(load.calls).toBe(1);
    expect(c.size).toBe(1);
  });

  it('drops an entry on invalidation', async () => {
    const c = cache();
    await c.get('a', () => Promise.resolve(profile('a', 'Vanha')));
    c.invalidate('a');
    await expect(c.get('a', () => Promise.resolve(profile('a', 'Uusi')))).resolves.toMatchObject({
      firstName: 'Uusi',
    });
  });

  it('keeps nothing and drops everything while the broadcast subscription is down', async () => {
    const c = cache();
    await c.get('a', () => Promise.resolve(profile('a')));
    c.deaf();
    expect(c.size).toBe(0);
    const load = counted(() => Promise.resolve(profile('a')));
    await c.get('a', load);
    await c.get('a', load);
    expect(load.calls).toBe(2);
    expect(c.size).toBe(0);
    c.listening();
    await c.get('a', load);
    await c.get('a', load);
    expect(load.calls).toBe(3);
  });

  it('evicts the least recently stored entry beyond its bound', async () => {
    const c = cache(30_000, 2);
    for (const id of ['a', 'b', 'c']) await c.get(id, () => Promise.resolve(profile(id)));
    expect(c.size).toBe(2);
    const load = counted(() => Promise.resolve(profile('a')));
    await c.get('a', load);
    expect(load.calls).toBe(1);
  });

  it('bypasses memory when asked, and keeps no failed load', async () => {
    const c = cache();
    const load = counted(() => Promise.resolve(profile('a')));
    await c.get('a', load, true);
    await c.get('a', load, true);
    expect(load.calls).toBe(2);
    expect(c.size).toBe(0);
    await expect(c.get('b', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(c.size).toBe(0);
  });
});
