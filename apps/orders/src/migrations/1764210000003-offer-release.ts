import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An assigned provider may release a job: their accepted offer becomes `released` (which also
 * frees the one-winner index for the next round) and keeps the optional reason they gave.
 */
export class OfferRelease1764210000003 implements MigrationInterface {
  name = 'OfferRelease1764210000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_offers DROP CONSTRAINT order_offers_status_check`);
    await q.query(`
      ALTER TABLE order_offers
        ADD CONSTRAINT order_offers_status_check
          CHECK (status IN ('open','accepted','lost','expired','withdrawn','released')),
        ADD COLUMN release_reason text CHECK (char_length(release_reason) BETWEEN 1 AND 500)`);
    // Offering looks up who released an order, to leave them out of its next rounds.
    await q.query(
      `CREATE INDEX order_offers_released_idx ON order_offers (order_id) WHERE status = 'released'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX order_offers_released_idx`);
    await q.query(`DELETE FROM order_offers WHERE status = 'released'`);
    await q.query(`
      ALTER TABLE order_offers
        DROP COLUMN release_reason,
        DROP CONSTRAINT order_offers_status_check,
        ADD CONSTRAINT order_offers_status_check
          CHECK (status IN ('open','accepted','lost','expired','withdrawn'))`);
  }
}
