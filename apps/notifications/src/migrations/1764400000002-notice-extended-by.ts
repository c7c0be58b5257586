import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event that last moved a request's due date: delivered again (after it moved the date but
 * before the subject's notice was queued), it still counts as the extension it is.
 */
export class NoticeExtendedBy1764400000002 implements MigrationInterface {
  name = 'NoticeExtendedBy1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_notices ADD COLUMN extended_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_notices DROP COLUMN extended_by`);
  }
}
