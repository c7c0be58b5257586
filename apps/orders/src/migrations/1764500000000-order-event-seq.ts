import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each order numbers its events (1, 2, …) in the order its changes commit, so a subscriber that
 * receives them out of order (retries, competing consumers) knows which state is the later one.
 */
export class OrderEventSeq1764500000000 implements MigrationInterface {
  name = 'OrderEventSeq1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN event_seq integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders DROP COLUMN event_seq`);
  }
}
