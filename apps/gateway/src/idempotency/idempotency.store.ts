import { Inject, Injectable } from '@nestjs/common';
import { MetricsService } from '@offera/observability';
import { BullMqClient } from '@offera/transport';
import type { Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options.js';

/** What a key's earlier use says about this request. */
export type Claim = 'first' | 'replayed' | 'mismatch';

// Deletes the record only if it is still this payload's (a newer claim is left alone).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Idempotency records in Redis, shared by every gateway replica, so a retry that lands on
 * another replica is recognised. A record is a keyed hash of the caller's key and route and a
 * keyed hash of the payload, and expires after `IDEMPOTENCY_TTL_SECONDS`.
 */
@Injectable()
export class IdempotencyStore {
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly client: BullMqClient,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter({
      name: 'gateway_idempotency_keys_total',
      help: 'Requests with an Idempotency-Key by outcome: first use, replayed, a different request (422), released after a 4xx',
      labelNames: ['outcome'],
    });
  }

  /** Records the payload under the scope unless the scope has one; says which it was. */
  async claim(scope: string, fingerprint: string): Promise<Claim> {
    const earlier = await this.redis.set(
      this.keyOf(scope),
      fingerprint,
      'EX',
      this.options.ttlSeconds,
      'NX',
      'GET',
    );
    const claim: Claim = earlier === null ? 'first' : earlier === fingerprint ? 'replayed' : 'mismatch';
    this.outcomes.inc({ outcome: claim });
    return claim;
  }

  /** Forgets a claim whose request changed nothing, so the key can be used again. */
  async release(scope: string, fingerprint: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keyOf(scope), fingerprint);
    this.outcomes.inc({ outcome: 'released' });
  }

  private get redis(): Redis {
    return this.client.unwrap<Redis>();
  }

  private keyOf(scope: string): string {
    return `${this.options.keyPrefix}${scope}`;
  }
}
