import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff are data subjects too: when a staff member is erased, the identity-code reveals they
 * made keep a pseudonym of them instead of their id. The log stays append-only otherwise: an
 * update may change `revealed_by` alone.
 */
export class StaffPseudonyms1764600000000 implements MigrationInterface {
  name = 'StaffPseudonyms1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION identity_code_reveals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.revealed_by IS DISTINCT FROM OLD.revealed_by
           AND (to_jsonb(NEW) - 'revealed_by') = (to_jsonb(OLD) - 'revealed_by') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'identity_code_reveals is append-only';
      END $$`);
    // Every erasure looks for the subject as the staff member who acted.
    await q.query(`CREATE INDEX identity_code_reveals_by_idx ON identity_code_reveals (revealed_by)`);
    await q.query(
      `CREATE INDEX rectification_history_changed_by_idx ON rectification_history (changed_by) WHERE changed_by IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rectification_history_changed_by_idx`);
    await q.query(`DROP INDEX identity_code_reveals_by_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity_code_reveals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'identity_code_reveals is append-only';
      END $$`);
  }
}
