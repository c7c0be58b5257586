import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A series remembers the request that created it (the message id, or the key derived from the
 * caller's Idempotency-Key), so a redelivered or retried create makes one series, not two.
 */
export class SeriesRequestKey1764400000000 implements MigrationInterface {
  name = 'SeriesRequestKey1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_series ADD COLUMN request_id text UNIQUE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_series DROP COLUMN request_id`);
  }
}
