import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per account whose sessions were ever ended (erased, locked, deactivated), keyed by a
 * keyed hash of the account id: it must outlive an erased account without naming it.
 */
export class SessionMarks1764514140000 implements MigrationInterface {
  name = 'SessionMarks1764514140000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_marks (
        account_key bytea PRIMARY KEY,
        version integer NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('active','locked','deactivated','erased')),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_marks`);
  }
}
