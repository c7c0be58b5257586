import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = (pseudonymise: boolean) => `
  CREATE OR REPLACE FUNCTION cookie_consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.ip IS NOT NULL OR (NEW.id, ${pseudonymise ? '' : 'NEW.cookie_id, '}NEW.analytics, NEW.marketing, NEW.policy_version, NEW.recorded_at)
      IS DISTINCT FROM (OLD.id, ${pseudonymise ? '' : 'OLD.cookie_id, '}OLD.analytics, OLD.marketing, OLD.policy_version, OLD.recorded_at)
    THEN RAISE EXCEPTION 'cookie_consents is append-only (only the IP may be cleared)'; END IF;
    ${
      pseudonymise
        ? `IF NEW.cookie_id IS DISTINCT FROM OLD.cookie_id
         AND (OLD.cookie_id LIKE 'cookie.%' OR NEW.cookie_id NOT LIKE 'cookie.%')
    THEN RAISE EXCEPTION 'cookie_consents is append-only (a cookie id may only be pseudonymised)'; END IF;`
        : ''
    }
    RETURN NEW;
  END $$`;

/**
 * One-time links (only their keyed hash), the contact address a requester without an account
 * gave (sealed, until their link is sent), and cookie consents whose cookie id an erasure
 * replaces by its keyed pseudonym (`cookie.…`, which no cookie id can look like).
 */
export class OneTimeLinks1764610000001 implements MigrationInterface {
  name = 'OneTimeLinks1764610000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE one_time_links (
        token_hash text PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('receipts','export')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by text
      )`);
    await q.query(`CREATE INDEX one_time_links_request_idx ON one_time_links (request_id)`);
    await q.query(`
      CREATE TABLE request_contacts (
        request_id uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
        sealed text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(APPEND_ONLY(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(APPEND_ONLY(false));
    await q.query(`DROP TABLE request_contacts`);
    await q.query(`DROP TABLE one_time_links`);
  }
}
