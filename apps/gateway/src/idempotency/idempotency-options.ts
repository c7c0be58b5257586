export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export interface IdempotencyOptions {
  /** How long a key is remembered. */
  readonly ttlSeconds: number;
  /** Redis key prefix of the records (under the deployment's queue prefix). */
  readonly keyPrefix: string;
  /** Master key the record hashes are derived from. */
  readonly secret: Buffer;
}
