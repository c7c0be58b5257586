import { outboxTableMigrationSql } from '@offera/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialCustomers1764100000000 implements MigrationInterface {
  name = 'InitialCustomers1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role text NOT NULL CHECK (role IN ('customer','provider','operator','dpo','accountant','admin')),
        email text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email))`);
    await q.query(`CREATE SEQUENCE customer_number_seq START 100001`);
    await q.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        customer_number text NOT NULL UNIQUE DEFAULT nextval('customer_number_seq')::text,
        first_name text NOT NULL,
        last_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        secret_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_account_idx ON refresh_tokens (account_id)`);
    await q.query(`
      CREATE TABLE ip_addresses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        ip inet NOT NULL,
        context text NOT NULL CHECK (context IN ('registration','login','order')),
        seen_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ip_addresses_account_idx ON ip_addresses (account_id)`);
    await q.query(`CREATE INDEX ip_addresses_seen_idx ON ip_addresses (seen_at)`);
    for (const sql of outboxTableMigrationSql('customers').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('customers').down) await q.query(sql);
    await q.query(`DROP TABLE ip_addresses`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE customers`);
    await q.query(`DROP SEQUENCE customer_number_seq`);
    await q.query(`DROP TABLE accounts`);
  }
}
