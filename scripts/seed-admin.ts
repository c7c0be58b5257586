import { devDatabaseUrl, env, loadConfig } from '@offera/config';
import { connectPg, sslOptions } from '@offera/database';
import { seedAdmin } from '../apps/customers/src/staff/seed-admin.js';

/**
 * Creates the first admin: `node dist/scripts/seed-admin.js` with SEED_ADMIN_EMAIL and
 * SEED_ADMIN_PASSWORD (and DATABASE_URL of the customers role) in the environment. Run after
 * setup; running it again changes nothing. Every further account is created by an admin through
 * `POST /api/v1/admin/accounts`.
 */
const config = (() => {
  try {
    return loadConfig(
      {
        email: env.string('SEED_ADMIN_EMAIL', { description: 'email of the first admin', minLength: 3 }),
        password: env.string('SEED_ADMIN_PASSWORD', {
          description: 'password of the first admin (10 to 256 characters)',
          secret: true,
          minLength: 10,
        }),
        databaseUrl: env.url('DATABASE_URL', ['postgres', 'postgresql'], {
          description: 'Postgres URL of the customers role',
          default: devDatabaseUrl('customers'),
        }),
        databaseSsl: env.oneOf('DATABASE_SSL', ['disable', 'require', 'verify-full'], {
          description: 'TLS to Postgres',
          default: 'disable',
        }),
      },
      process.env,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
})();

try {
  const ssl = sslOptions(config.databaseSsl);
  const client = await connectPg({ connectionString: config.databaseUrl, ...(ssl ? { ssl } : {}) });
  try {
    const outcome = await seedAdmin(client, { email: config.email, password: config.password });
    process.stdout.write(
      outcome === 'created' ? 'seed-admin: admin created\n' : 'seed-admin: admin already exists\n',
    );
  } finally {
    await client.end();
  }
  process.exit(0);
} catch (error) {
  process.stderr.write(`seed-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
