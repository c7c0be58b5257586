import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure and export look rows up by the subject: without these, their ratings and code uses
 * were found by scanning the whole table, which grows with every customer.
 */
export class SubjectIndexes1764300000000 implements MigrationInterface {
  name = 'SubjectIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX order_ratings_customer_idx ON order_ratings (customer_id)`);
    await q.query(`CREATE INDEX discount_redemptions_customer_idx ON discount_redemptions (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX discount_redemptions_customer_idx`);
    await q.query(`DROP INDEX order_ratings_customer_idx`);
  }
}
