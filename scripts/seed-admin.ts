import { parseArgs } from 'node:util';
import { seedAdmin } from '../apps/customers/src/staff/seed-admin.js';
import { adminPasswordProblem } from './admin-password.js';
import { readSecret } from './hidden-prompt.js';
import { connectCustomersDatabase, customersDatabaseConfig } from './customers-database.js';

/**
 * `npm run seed-admin -- --email admin@example.fi`: creates the first admin, connecting as the
 * customers role exactly as `npm start` does (CUSTOMERS_DATABASE_URL, else DATABASE_URL as in
 * the customers container, else the local default). The password comes from
 * SEED_ADMIN_PASSWORD, or is asked for without echo (or read from piped input). Running it again
 * changes nothing. Every further account is created by an admin through `POST /api/v1/admin/accounts`.
 */
const USAGE =
  'usage: npm run seed-admin -- --email <address> [--first-name <name>] [--last-name <name>] [--production]';

const stop = (message: string): never => {
  process.stderr.write(`seed-admin: ${message}\n`);
  process.exit(1);
};

const args = (() => {
  try {
    return parseArgs({
      options: {
        email: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        production: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return stop(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
})();

const email = (args.email ?? process.env.SEED_ADMIN_EMAIL ?? '').trim();
if (!email) stop(`--email is required\n${USAGE}`);
if (process.env.NODE_ENV === 'production' && !args.production)
  stop(
    'NODE_ENV is production: this creates an admin in the production database. Run it again with --production if that is what you mean.',
  );

const config = (() => {
  try {
    return customersDatabaseConfig(process.env);
  } catch (error) {
    return stop(error instanceof Error ? error.message : String(error));
  }
})();

async function password(): Promise<string> {
  const given = process.env.SEED_ADMIN_PASSWORD;
  if (given) return given;
  const first = await readSecret(`Password for ${email} (not shown): `);
  if (!process.stdin.isTTY) return first;
  const again = await readSecret('The same password again: ');
  return first === again ? first : stop('the two passwords differ; nothing was changed');
}

try {
  const secret = await password();
  if (!secret)
    stop(
      'no password given: run it in a terminal to be asked, or set SEED_ADMIN_PASSWORD. Nothing was changed.',
    );
  const weakness = adminPasswordProblem(secret, email);
  if (weakness) stop(`the password is too weak: ${weakness}. Nothing was changed.`);
  const client = await connectCustomersDatabase(config).catch((error: unknown) =>
    stop(error instanceof Error ? error.message : String(error)),
  );
  try {
    const outcome = await seedAdmin(client, {
      email,
      password: secret,
      ...(args['first-name'] ? { firstName: args['first-name'] } : {}),
      ...(args['last-name'] ? { lastName: args['last-name'] } : {}),
    });
    process.stdout.write(
      outcome === 'created'
        ? `seed-admin: admin ${email} created; sign in with POST /api/v1/auth/login\n`
        : `seed-admin: an admin with this email exists already; nothing was changed\n`,
    );
  } finally {
    await client.end();
  }
  process.exit(0);
} catch (error) {
  stop(`failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}
