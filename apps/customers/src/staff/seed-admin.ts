import { hash } from '@node-rs/argon2';
import type { PgClient } from '@offera/database';

export interface SeedAdminInput {
  readonly email: string;
  readonly password: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export type SeedAdminOutcome = 'created' | 'exists';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates the first admin account (the only account not created through the API). Safe to run
 * again: an admin with that email is left as it is. Connects as the customers role; every name
 * is schema-qualified because a bare client has no search_path set.
 */
export async function seedAdmin(client: PgClient, input: SeedAdminInput): Promise<SeedAdminOutcome> {
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > 254) throw new Error('SEED_ADMIN_EMAIL must be an email address');
  if (input.password.length < 10 || input.password.length > 256)
    throw new Error('SEED_ADMIN_PASSWORD must be 10 to 256 characters long');
  const passwordHash = await hash(input.password);
  await client.query('BEGIN');
  try {
    // Serialise concurrent seeds (two setup jobs) on this email.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('offera-seed-admin:' || lower($1)))`, [email]);
    const existing = await client.query<{ role: string }>(
      'SELECT role FROM customers.accounts WHERE lower(email) = lower($1)',
      [email],
    );
    if (existing.rows.length) {
      await client.query('ROLLBACK');
      if (existing.rows[0].role !== 'admin')
        throw new Error('An account with this email exists with another role; choose another email');
      return 'exists';
    }
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO customers.accounts (role, email, password_hash) VALUES ('admin', $1, $2) RETURNING id`,
      [email, passwordHash],
    );
    await client.query(
      `INSERT INTO customers.contact_profiles (account_id, first_name, last_name) VALUES ($1, $2, $3)`,
      [inserted.rows[0].id, input.firstName ?? 'Admin', input.lastName ?? 'Offera'],
    );
    await client.query('COMMIT');
    return 'created';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
