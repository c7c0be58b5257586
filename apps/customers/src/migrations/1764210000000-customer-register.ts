import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole customer register: contact fields, addresses, encrypted identity codes, rectification
 * history, staff and provider accounts, login throttling. */
export class CustomerRegister1764210000000 implements MigrationInterface {
  name = 'CustomerRegister1764210000000';

  async up(q: QueryRunner): Promise<void> {
    // A customer an operator registers for a phone or letter order has no password.
    await q.query(`ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      ALTER TABLE customers
        ADD COLUMN phone text,
        ADD COLUMN language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','en')),
        ADD COLUMN restricted boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX customers_phone_idx ON customers (phone)`);
    await q.query(`
      CREATE TABLE addresses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        street text NOT NULL,
        postal_code text NOT NULL,
        city text NOT NULL,
        country char(2) NOT NULL DEFAULT 'FI',
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX addresses_customer_idx ON addresses (customer_id)`);
    await q.query(`
      CREATE TABLE identity_codes (
        customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
        key_id text NOT NULL,
        ciphertext bytea NOT NULL,
        blind_index text NOT NULL UNIQUE,
        purpose text NOT NULL CHECK (purpose IN ('household_deduction','invoicing','credit_check')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity_code_reveals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        revealed_by uuid NOT NULL,
        revealed_by_role text NOT NULL,
        reason text NOT NULL,
        revealed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX identity_code_reveals_customer_idx ON identity_code_reveals (customer_id)`);
    // Append-only: an audit entry is never changed (erasure may delete it with the subject).
    await q.query(`
      CREATE FUNCTION identity_code_reveals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'identity_code_reveals is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER identity_code_reveals_no_update BEFORE UPDATE ON identity_code_reveals
        FOR EACH ROW EXECUTE FUNCTION identity_code_reveals_append_only()`);
    await q.query(`
      CREATE TABLE rectification_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        field text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by uuid,
        changed_by_role text,
        source text NOT NULL CHECK (source IN ('self','staff','privacy_request')),
        request_id uuid
      )`);
    await q.query(`CREATE INDEX rectification_history_customer_idx ON rectification_history (customer_id)`);
    await q.query(`
      CREATE TABLE contact_profiles (
        account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        first_name text NOT NULL,
        last_name text NOT NULL,
        phone text,
        language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','en'))
      )`);
    await q.query(`
      CREATE TABLE providers (
        account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('person','company')),
        business_id text UNIQUE,
        company_name text,
        CHECK (kind = 'person' OR (business_id IS NOT NULL AND company_name IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE provider_postal_codes (
        provider_id uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
        postal_code text NOT NULL,
        PRIMARY KEY (provider_id, postal_code)
      )`);
    await q.query(`CREATE INDEX provider_postal_codes_code_idx ON provider_postal_codes (postal_code)`);
    await q.query(`
      CREATE TABLE provider_services (
        provider_id uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
        service_code text NOT NULL,
        PRIMARY KEY (provider_id, service_code)
      )`);
    await q.query(`CREATE INDEX provider_services_code_idx ON provider_services (service_code)`);
    // Failed sign-ins per account and per hashed IP; never Redis, so a restart forgets nothing.
    await q.query(`
      CREATE TABLE login_throttles (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttles`);
    await q.query(`DROP TABLE provider_services`);
    await q.query(`DROP TABLE provider_postal_codes`);
    await q.query(`DROP TABLE providers`);
    await q.query(`DROP TABLE contact_profiles`);
    await q.query(`DROP TABLE rectification_history`);
    await q.query(`DROP TABLE identity_code_reveals`);
    await q.query(`DROP FUNCTION identity_code_reveals_append_only()`);
    await q.query(`DROP TABLE identity_codes`);
    await q.query(`DROP TABLE addresses`);
    await q.query(`DROP INDEX customers_phone_idx`);
    await q.query(`ALTER TABLE customers DROP COLUMN restricted, DROP COLUMN language, DROP COLUMN phone`);
    await q.query(`DELETE FROM accounts WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE accounts ALTER COLUMN password_hash SET NOT NULL`);
  }
}
