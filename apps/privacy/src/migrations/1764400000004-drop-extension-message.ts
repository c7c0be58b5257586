import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The extending message is now recorded on the extension's transition row, like every other
 * step's (see TransitionMessage1764400000003): the column of its own is dropped.
 */
export class DropExtensionMessage1764400000004 implements MigrationInterface {
  name = 'DropExtensionMessage1764400000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests DROP COLUMN extension_message_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests ADD COLUMN extension_message_id text`);
  }
}
