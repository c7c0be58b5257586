import type { TlsOptions } from 'node:tls';

import type { DataSourceOptions, MigrationInterface } from 'typeorm';

export type SslMode = 'disable' | 'require' | 'verify-full';
export type PostgresDataSourceOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
export type MigrationConstructor = new () => MigrationInterface;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema and role names go into DDL and connection options, so only plain identifiers pass. */
export function assertIdentifier(value: string, what: string): string {
  if (!IDENTIFIER.test(value)) throw new Error(`${what} must be a lower-case SQL identifier, got "${value}"`);
  return value;
}

/**
 * `disable`: plain TCP (local development only). `require`: encrypted, certificate not
 * checked (libpq's sslmode=require). `verify-full`: encrypted, certificate and host name
 * verified against the system CAs or `ca`.
 */
export function sslOptions(mode: SslMode, ca?: string): false | TlsOptions {
  switch (mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return ca ? { rejectUnauthorized: true, ca } : { rejectUnauthorized: true };
  }
}

export interface DatabaseConnectionOptions {
  /** The service role's URL. */
  url: string;
  ssl?: SslMode;
  /** PEM CA bundle for `verify-full` when the server's CA is not a system one. */
  sslCa?: string;
  /** The service's own schema; every table, and the migrations table, lives there. */
  schema: string;
  entities?: PostgresDataSourceOptions['entities'];
  migrations?: MigrationConstructor[];
  poolSize?: number;
  applicationName?: string;
}

/**
 * TypeORM options for one service, pinned to its schema: unqualified names resolve there
 * (search_path), migrations are tracked in `<schema>.migrations`, and the schema is only ever
 * changed by migrations run by the setup step.
 */
export function dataSourceOptions(options: DatabaseConnectionOptions): PostgresDataSourceOptions {
  const schema = assertIdentifier(options.schema, 'schema');
  return {
    type: 'postgres',
    url: options.url,
    ssl: sslOptions(options.ssl ?? 'disable', options.sslCa),
    schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? `offera-${schema}`,
    // Service roles may not install extensions; gen_random_uuid() is built in since PG 13.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    // Extensions (if any) live in public, which roles can use but not create in.
    // A connection that cannot be made in 1.5 s fails, so a request is answered 503 while
    // Postgres is unreachable rather than hanging until the caller's timeout.
    extra: { options: `-c search_path=${schema},public`, connectionTimeoutMillis: 1500 },
  };
}
