import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Subjects whose erasure this service carried out, by a hash of their id: no command acts for them again. */
export class ErasedSubjects1764514140000 implements MigrationInterface {
  name = 'ErasedSubjects1764514140000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erased_subjects (
        subject_key bytea PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE erased_subjects`);
  }
}
