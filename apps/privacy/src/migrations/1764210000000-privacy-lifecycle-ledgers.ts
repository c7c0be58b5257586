import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request lifecycle details (extension, decisions, flags, one-time codes, exports) and the
 * ledgers: consents, cookie consents, subject flags, disclosures (Art. 19) and the audit log.
 */
export class PrivacyLifecycleLedgers1764210000000 implements MigrationInterface {
  name = 'PrivacyLifecycleLedgers1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE requests
        ADD COLUMN cookie_id text,
        ADD COLUMN possibly_excessive boolean NOT NULL DEFAULT false,
        ADD COLUMN extension_months integer NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
        ADD COLUMN extension_reason text,
        ADD COLUMN decision_reason text,
        ADD COLUMN rectification jsonb,
        ADD COLUMN redrives integer NOT NULL DEFAULT 0,
        ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX requests_retain_until_idx ON requests (retain_until)`);
    await q.query(`ALTER TABLE request_receipts ADD COLUMN outcome jsonb`);
    await q.query(`
      CREATE TABLE verification_codes (
        request_id uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts_left integer NOT NULL CHECK (attempts_left >= 0),
        issued_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE exports (
        request_id uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
        iv bytea NOT NULL,
        tag bytea NOT NULL,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX exports_expires_idx ON exports (expires_at)`);

    await q.query(`
      CREATE TABLE cookie_consents (
        id uuid PRIMARY KEY,
        cookie_id text NOT NULL,
        analytics boolean NOT NULL,
        marketing boolean NOT NULL,
        policy_version text NOT NULL,
        ip inet,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX cookie_consents_cookie_idx ON cookie_consents (cookie_id, recorded_at)`);
    // Proof of consent: a row never changes, except that its IP address is cleared.
    await q.query(`
      CREATE FUNCTION cookie_consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.ip IS NOT NULL OR (NEW.id, NEW.cookie_id, NEW.analytics, NEW.marketing, NEW.policy_version, NEW.recorded_at)
          IS DISTINCT FROM (OLD.id, OLD.cookie_id, OLD.analytics, OLD.marketing, OLD.policy_version, OLD.recorded_at)
        THEN RAISE EXCEPTION 'cookie_consents is append-only (only the IP may be cleared)'; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cookie_consents_no_update BEFORE UPDATE ON cookie_consents
      FOR EACH ROW EXECUTE FUNCTION cookie_consents_append_only()`);

    await q.query(`
      CREATE TABLE consent_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subject_ref text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('marketing','third_party_disclosure')),
        granted boolean NOT NULL,
        actor text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX consent_events_subject_idx ON consent_events (subject_ref, purpose, id)`);
    await q.query(`
      CREATE FUNCTION privacy_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
    await q.query(`
      CREATE TRIGGER consent_events_no_update BEFORE UPDATE OR DELETE ON consent_events
      FOR EACH ROW EXECUTE FUNCTION privacy_append_only()`);

    await q.query(`
      CREATE TABLE subject_flags (
        subject_ref text PRIMARY KEY,
        restricted boolean NOT NULL DEFAULT false,
        marketing_objected boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE disclosures (
        id uuid PRIMARY KEY,
        subject_ref text NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('billing_bank','accounting_firm','collections','third_party')),
        recipient_name text NOT NULL,
        purpose text NOT NULL,
        categories jsonb NOT NULL,
        country char(2) NOT NULL,
        outside_eea boolean NOT NULL,
        safeguard text CHECK (safeguard IN ('adequacy_decision','standard_contractual_clauses','binding_corporate_rules')),
        recorded_by text NOT NULL,
        disclosed_at timestamptz NOT NULL,
        CHECK (NOT outside_eea OR safeguard IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX disclosures_subject_idx ON disclosures (subject_ref, disclosed_at)`);
    await q.query(`
      CREATE TABLE recipient_notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        disclosure_id uuid NOT NULL REFERENCES disclosures (id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('rectification','erasure','restriction')),
        created_at timestamptz NOT NULL,
        UNIQUE (request_id, disclosure_id)
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        subject_ref text,
        request_id uuid,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(
      `CREATE INDEX audit_log_request_idx ON audit_log (request_id, id) WHERE request_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX audit_log_subject_idx ON audit_log (subject_ref, id) WHERE subject_ref IS NOT NULL`,
    );
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION privacy_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE recipient_notifications`);
    await q.query(`DROP TABLE disclosures`);
    await q.query(`DROP TABLE subject_flags`);
    await q.query(`DROP TABLE consent_events`);
    await q.query(`DROP FUNCTION privacy_append_only()`);
    await q.query(`DROP TABLE cookie_consents`);
    await q.query(`DROP FUNCTION cookie_consents_append_only()`);
    await q.query(`DROP TABLE exports`);
    await q.query(`DROP TABLE verification_codes`);
    await q.query(`ALTER TABLE request_receipts DROP COLUMN outcome`);
    await q.query(`DROP INDEX requests_retain_until_idx`);
    await q.query(`
      ALTER TABLE requests
        DROP COLUMN cookie_id, DROP COLUMN possibly_excessive, DROP COLUMN extension_months,
        DROP COLUMN extension_reason, DROP COLUMN decision_reason, DROP COLUMN rectification,
        DROP COLUMN redrives, DROP COLUMN status_changed_at`);
  }
}
