import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an audit entry reported by another service (through its outbox) stands for: the same
 * report delivered twice is one entry.
 */
export class AuditSource1764610000000 implements MigrationInterface {
  name = 'AuditSource1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN source_id text`);
    await q.query(
      `CREATE UNIQUE INDEX audit_log_source_idx ON audit_log (source_id) WHERE source_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_source_idx`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN source_id`);
  }
}
