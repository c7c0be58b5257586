import { outboxTableMigrationSql } from '@offera/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES = `'access','portability','rectification','erasure','restriction','objection'`;
const STATUSES = `'received','verified','approved','rejected','in_progress','completed','failed'`;

export class InitialPrivacy1764100000000 implements MigrationInterface {
  name = 'InitialPrivacy1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE requests (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN (${TYPES})),
        status text NOT NULL CHECK (status IN (${STATUSES})),
        subject_id uuid,
        subject_ref text NOT NULL,
        requested_by text NOT NULL,
        verification text NOT NULL CHECK (verification IN ('signed_in_session','id_document','one_time_code')),
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        completed_at timestamptz,
        retain_until date NOT NULL
      )`);
    await q.query(`CREATE INDEX requests_subject_ref_idx ON requests (subject_ref)`);
    await q.query(
      `CREATE INDEX requests_subject_id_idx ON requests (subject_id) WHERE subject_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX requests_open_idx ON requests (due_at) WHERE status NOT IN ('completed','rejected','failed')`,
    );
    await q.query(`
      CREATE TABLE request_receipts (
        request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        service text NOT NULL CHECK (service IN ('customers','orders','notifications','privacy')),
        erased jsonb NOT NULL,
        withheld jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (request_id, service)
      )`);
    await q.query(`
      CREATE TABLE request_transitions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        from_status text CHECK (from_status IN (${STATUSES})),
        to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
        actor text NOT NULL,
        note text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX request_transitions_request_idx ON request_transitions (request_id, id)`);
    // History is append-only: rows may be added, never changed.
    await q.query(`
      CREATE FUNCTION request_transitions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'request_transitions is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER request_transitions_no_update BEFORE UPDATE ON request_transitions
      FOR EACH ROW EXECUTE FUNCTION request_transitions_append_only()`);
    for (const sql of outboxTableMigrationSql('privacy').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('privacy').down) await q.query(sql);
    await q.query(`DROP TABLE request_transitions`);
    await q.query(`DROP FUNCTION request_transitions_append_only()`);
    await q.query(`DROP TABLE request_receipts`);
    await q.query(`DROP TABLE requests`);
  }
}
