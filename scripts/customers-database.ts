import { databaseEnv, devDatabaseUrl, loadConfig } from '@offera/config';
import { connectPg, sslOptions, type PgClient } from '@offera/database';
import { serviceUrlVariable } from './setup-runner.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The customers role's connection as `npm start` gives it to the customers service
 * (CUSTOMERS_DATABASE_URL), else as the customers container has it (DATABASE_URL), else the
 * local default; validated by the service's own schema. For the scripts that create the first
 * admin (seed-admin, demo).
 */
export function customersDatabaseConfig(env: Env) {
  const { databaseUrl, databaseSsl } = databaseEnv('customers');
  return loadConfig(
    { databaseUrl, databaseSsl },
    {
      ...env,
      DATABASE_URL: env[serviceUrlVariable('customers')] || env.DATABASE_URL || devDatabaseUrl('customers'),
    },
  );
}

export async function connectCustomersDatabase(
  config: ReturnType<typeof customersDatabaseConfig>,
): Promise<PgClient> {
  const ssl = sslOptions(config.databaseSsl);
  try {
    return await connectPg({ connectionString: config.databaseUrl, ...(ssl ? { ssl } : {}) });
  } catch (error) {
    throw new Error(
      `cannot connect as the customers role (CUSTOMERS_DATABASE_URL): ${error instanceof Error ? error.message : String(error)}. Run npm run doctor, and npm run setup (or npm start) first.`,
      { cause: error },
    );
  }
}
