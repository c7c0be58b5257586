import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff are data subjects too: when a staff member is erased, the audit log, request histories
 * and consent ledger keep a pseudonym of them instead of their id. These stay append-only
 * otherwise: an update may only replace the actor column with a pseudonym.
 */
export class StaffPseudonyms1764600000000 implements MigrationInterface {
  name = 'StaffPseudonyms1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION privacy_pseudonymise_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        col text := TG_ARGV[0];
      BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - col) = (to_jsonb(OLD) - col)
           AND (to_jsonb(NEW) ->> col) LIKE 'pseudonym:%' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await this.retrigger(
      q,
      'audit_log',
      'audit_log_append_only',
      'UPDATE OR DELETE',
      `privacy_pseudonymise_only('actor_id')`,
    );
    await this.retrigger(
      q,
      'consent_events',
      'consent_events_no_update',
      'UPDATE OR DELETE',
      `privacy_pseudonymise_only('actor')`,
    );
    await this.retrigger(
      q,
      'request_transitions',
      'request_transitions_no_update',
      'UPDATE',
      `privacy_pseudonymise_only('actor')`,
    );
    // Every erasure looks for the subject as an actor: only staff rows are indexed.
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id)`);
    await q.query(
      `CREATE INDEX request_transitions_actor_idx ON request_transitions (actor) WHERE actor NOT IN ('subject', 'system')`,
    );
    await q.query(
      `CREATE INDEX consent_events_actor_idx ON consent_events (actor) WHERE actor NOT IN ('subject', 'objection', 'unsubscribe-link')`,
    );
    await q.query(
      `CREATE INDEX requests_requested_by_idx ON requests (requested_by) WHERE requested_by <> 'subject'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'requests_requested_by_idx',
      'consent_events_actor_idx',
      'request_transitions_actor_idx',
      'audit_log_actor_idx',
    ])
      await q.query(`DROP INDEX ${index}`);
    await this.retrigger(
      q,
      'request_transitions',
      'request_transitions_no_update',
      'UPDATE',
      'request_transitions_append_only()',
    );
    await this.retrigger(
      q,
      'consent_events',
      'consent_events_no_update',
      'UPDATE OR DELETE',
      'privacy_append_only()',
    );
    await this.retrigger(
      q,
      'audit_log',
      'audit_log_append_only',
      'UPDATE OR DELETE',
      'privacy_append_only()',
    );
    await q.query(`DROP FUNCTION privacy_pseudonymise_only()`);
  }

  private async retrigger(
    q: QueryRunner,
    table: string,
    trigger: string,
    events: string,
    call: string,
  ): Promise<void> {
    await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
    await q.query(
      `CREATE TRIGGER ${trigger} BEFORE ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${call}`,
    );
  }
}
