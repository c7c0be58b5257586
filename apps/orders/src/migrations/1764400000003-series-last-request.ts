import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A series remembers the message of its last change (skip, reschedule one, pause, end, change
 * this-and-future), so that message delivered again answers instead of changing it twice.
 */
export class SeriesLastRequest1764400000003 implements MigrationInterface {
  name = 'SeriesLastRequest1764400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_series ADD COLUMN last_request_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_series DROP COLUMN last_request_id`);
  }
}
