import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Subjects whose processing is restricted (Art. 18): their orders are kept but not offered. */
export class SubjectRestrictions1764210000002 implements MigrationInterface {
  name = 'SubjectRestrictions1764210000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_restrictions (
        subject_id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        restricted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subject_restrictions`);
  }
}
