/**
 * What a gateway keeps in its own memory: each value until its own expiry, and at most
 * `maxEntries` of them, the one set longest ago going first when another is added.
 */
export class ExpiringMap<K, V> {
  // Map order is insertion order: setting a key again makes it the newest, the first is the oldest.
  private readonly entries = new Map<K, { readonly value: V; readonly expiresAt: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The value while it has not expired (an expired one is dropped). */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` until `expiresAt` (ms since the epoch), dropping the oldest entry when full. */
  set(key: K, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
