import { DataSource } from 'typeorm';

import {
  assertIdentifier,
  dataSourceOptions,
  sslOptions,
  type MigrationConstructor,
  type SslMode,
} from '../data-source-options.js';
import { databaseOf, quoteIdent, quoteLiteral, withDatabase, withPgClient, type PgClient } from '../pg.js';

export interface SetupServicePlan {
  /** Service name, which is also its schema name. */
  service: string;
  /** The service role's URL: its user and password are the role's, its database the target. */
  url: string;
  migrations: MigrationConstructor[];
}

export interface RunSetupOptions {
  /** A superuser (or CREATEDB + CREATEROLE) URL; its database part is ignored. */
  adminUrl: string;
  database: string;
  services: SetupServicePlan[];
  ssl?: SslMode;
  sslCa?: string;
  /** Extensions to create (in `public`) before migrations, e.g. `citext`. */
  extensions?: string[];
  log?: (message: string) => void;
}

export interface SetupResult {
  createdDatabase: boolean;
  /** Migration names run per service in this call (empty when already up to date). */
  migrations: Record<string, string[]>;
}

/** One lock for every setup in the cluster: roles are cluster-wide, so runs must not interleave. */
const SETUP_LOCK_KEY = 'offera:setup';

/**
 * Creates the database, one role and schema per service, tight privileges, and runs each
 * service's migrations as that service's role (so it owns what they create). Safe to run
 * again, and concurrently: runs are serialised with a Postgres advisory lock.
 */
export async function runSetup(options: RunSetupOptions): Promise<SetupResult> {
  const log = options.log ?? (() => undefined);
  const database = assertIdentifier(options.database, 'database name');
  const ssl = sslOptions(options.ssl ?? 'disable', options.sslCa);
  const services = options.services.map((s) => {
    const url = new URL(s.url);
    const role = assertIdentifier(decodeURIComponent(url.username), `role of ${s.service}`);
    if (databaseOf(s.url) !== database)
      throw new Error(`the ${s.service} URL names database "${databaseOf(s.url)}", expected "${database}"`);
    return {
      ...s,
      schema: assertIdentifier(s.service, 'service'),
      role,
      password: decodeURIComponent(url.password),
    };
  });
  const result: SetupResult = { createdDatabase: false, migrations: {} };

  await withPgClient({ connectionString: withDatabase(options.adminUrl, 'postgres'), ssl }, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK_KEY]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists.rowCount) {
        await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
        result.createdDatabase = true;
        log(`created database ${database}`);
      }
      for (const s of services) await ensureRole(admin, s.role, s.password, log);

      await withPgClient({ connectionString: withDatabase(options.adminUrl, database), ssl }, async (db) => {
        await lockDown(db, database, services, options.extensions ?? []);
        log(`schemas ready: ${services.map((s) => s.schema).join(', ')}`);
      });

      for (const s of services) {
        const dataSource = new DataSource({
          ...dataSourceOptions({
            url: s.url,
            ssl: options.ssl,
            sslCa: options.sslCa,
            schema: s.schema,
            migrations: s.migrations,
            poolSize: 1,
            applicationName: `offera-setup-${s.schema}`,
          }),
          logging: false,
          // TypeORM prints migration failures itself; route them to `log` (the error is rethrown too).
          logger: {
            logQuery: () => undefined,
            logQueryError: () => undefined,
            logQuerySlow: () => undefined,
            logSchemaBuild: () => undefined,
            logMigration: (message: string) => log(`${s.service}: ${message}`),
            log: () => undefined,
          },
        });
        await dataSource.initialize();
        try {
          const ran = await dataSource.runMigrations({ transaction: 'each' });
          result.migrations[s.service] = ran.map((m) => m.name);
          log(
            ran.length
              ? `${s.service}: ran ${ran.map((m) => m.name).join(', ')}`
              : `${s.service}: migrations up to date`,
          );
        } finally {
          await dataSource.destroy();
        }
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK_KEY]);
    }
  });
  return result;
}

async function ensureRole(
  admin: PgClient,
  role: string,
  password: string,
  log: (message: string) => void,
): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${
    password ? quoteLiteral(password) : 'NULL'
  }`;
  if (found.rowCount) {
    await admin.query(`ALTER ROLE ${quoteIdent(role)} WITH ${attributes}`);
  } else {
    await admin.query(`CREATE ROLE ${quoteIdent(role)} WITH ${attributes}`);
    log(`created role ${role}`);
  }
}

/** Each role may connect and use its own schema; nobody else's, and nothing in public. */
async function lockDown(
  db: PgClient,
  database: string,
  services: { schema: string; role: string }[],
  extensions: string[],
): Promise<void> {
  const roles = services.map((s) => quoteIdent(s.role)).join(', ');
  const statements = [
    `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    ...(roles
      ? [
          `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${roles}`,
          `REVOKE CREATE ON SCHEMA public FROM ${roles}`,
        ]
      : []),
    ...extensions.map(
      (e) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(assertIdentifier(e, 'extension'))}`,
    ),
  ];
  for (const s of services) {
    const schema = quoteIdent(s.schema);
    const role = quoteIdent(s.role);
    statements.push(
      `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`,
      `ALTER SCHEMA ${schema} OWNER TO ${role}`,
      `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
      `ALTER ROLE ${role} IN DATABASE ${quoteIdent(database)} SET search_path = ${schema}, public`,
    );
  }
  for (const sql of statements) await db.query(sql);
}
