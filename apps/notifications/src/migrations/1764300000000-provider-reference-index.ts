import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasing a provider drops their id from other people's messages; only messages that name a
 * provider are indexed, so that lookup no longer scans every message ever sent.
 */
export class ProviderReferenceIndex1764300000000 implements MigrationInterface {
  name = 'ProviderReferenceIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX outgoing_messages_provider_idx ON outgoing_messages ((params->>'providerId'))
         WHERE params ? 'providerId'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outgoing_messages_provider_idx`);
  }
}
