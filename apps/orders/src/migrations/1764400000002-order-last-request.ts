import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order remembers the message of its last change (cancel, reschedule, start, complete,
 * rating), so that message delivered again answers with the order instead of a 409; and a
 * provider's comment takes its message's id, so a redelivery adds no second comment (the id
 * already was a uuid primary key; nothing to migrate there).
 */
export class OrderLastRequest1764400000002 implements MigrationInterface {
  name = 'OrderLastRequest1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN last_request_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders DROP COLUMN last_request_id`);
  }
}
