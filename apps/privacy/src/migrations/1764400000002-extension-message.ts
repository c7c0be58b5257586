import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message that extended a request's deadline, so the same extension delivered twice adds
 * its months once.
 */
export class ExtensionMessage1764400000002 implements MigrationInterface {
  name = 'ExtensionMessage1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests ADD COLUMN extension_message_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests DROP COLUMN extension_message_id`);
  }
}
