/**
 * The setup step's engine: reads the admin and per-service role URLs from the environment,
 * validates them all at once, and creates the database, roles and schemas and runs each
 * service's migrations as its own role. `scripts/setup.ts` passes the plan (which
 * migrations belong to which service).
 */
import {
  databaseTlsEnv,
  devDatabaseUrl,
  env,
  loadConfig,
  type EnvVar,
  type WorkerServiceName,
} from '@offera/config';
import {
  databaseOf,
  runSetup,
  sslOptions,
  waitForPostgres,
  withDatabase,
  type MigrationConstructor,
  type SetupResult,
} from '@offera/database';

export type SetupPlan = { service: WorkerServiceName; migrations: MigrationConstructor[] }[];

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/offera';

/** The setup step's own variables: the superuser URL and TLS mode. `npm run doctor` reads them too. */
export const setupBaseEnv = {
  adminUrl: env.url('DATABASE_ADMIN_URL', ['postgres', 'postgresql'], {
    description: 'superuser URL; its database is the one to set up',
    default: DEFAULT_ADMIN_URL,
    secret: true,
  }),
  // The same TLS settings as the apps: every connection to Postgres is verified alike.
  ...databaseTlsEnv,
  waitSeconds: env.int('DATABASE_WAIT_SECONDS', {
    description: 'how long setup waits for Postgres to accept connections (it may be starting)',
    default: '120',
    min: 0,
  }),
};

export const serviceUrlVariable = (service: WorkerServiceName): string =>
  `${service.toUpperCase()}_DATABASE_URL`;

function setupSchema(plan: SetupPlan) {
  const services: Record<string, EnvVar<string>> = {};
  for (const { service } of plan) {
    services[service] = env.url(serviceUrlVariable(service), ['postgres', 'postgresql'], {
      description: `Postgres URL of the ${service} role (user, password, database)`,
      default: devDatabaseUrl(service),
      secret: true,
    });
  }
  return { base: setupBaseEnv, services };
}

export async function setupFromEnv(
  plan: SetupPlan,
  environment: Readonly<Record<string, string | undefined>> = process.env,
  log: (message: string) => void = (message) => process.stdout.write(`setup: ${message}\n`),
): Promise<SetupResult> {
  const schema = setupSchema(plan);
  // One call so every bad variable is named at once.
  const combined = { ...schema.base, ...schema.services } as typeof schema.base &
    Record<WorkerServiceName, EnvVar<string>>;
  const config = loadConfig(combined, environment);
  const database = databaseOf(config.adminUrl);
  if (!database) throw new Error('DATABASE_ADMIN_URL must name the database to set up');
  const sslCa = config.databaseSslCa || undefined;
  await waitForPostgres({
    url: withDatabase(config.adminUrl, 'postgres'),
    ssl: sslOptions(config.databaseSsl, sslCa),
    timeoutMs: config.waitSeconds * 1000,
    log,
  });
  return runSetup({
    adminUrl: config.adminUrl,
    database,
    ssl: config.databaseSsl,
    sslCa,
    log,
    services: plan.map(({ service, migrations }) => ({
      service,
      url: config[service],
      migrations,
    })),
  });
}
