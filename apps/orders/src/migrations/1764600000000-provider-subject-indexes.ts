import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers are data subjects too: every erasure looks for the subject's comments and the
 * ratings of their work by provider id (offers and orders have such indexes already).
 */
export class ProviderSubjectIndexes1764600000000 implements MigrationInterface {
  name = 'ProviderSubjectIndexes1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX order_comments_provider_idx ON order_comments (provider_id)`);
    await q.query(`CREATE INDEX order_ratings_provider_idx ON order_ratings (provider_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX order_ratings_provider_idx`);
    await q.query(`DROP INDEX order_comments_provider_idx`);
  }
}
