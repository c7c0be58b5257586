import { createRequire } from 'node:module';
import type { TlsOptions } from 'node:tls';

/**
 * A typed view of the few `pg` APIs used outside TypeORM (admin setup, LISTEN/NOTIFY, test
 * helpers). `pg` ships no type declarations and @types/pg is not installed.
 */
export interface PgQueryResult<R> {
  rows: R[];
  rowCount: number | null;
}

export interface PgNotification {
  channel: string;
  payload?: string;
}

export interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: PgNotification) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgClientConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: boolean | TlsOptions;
  application_name?: string;
  connectionTimeoutMillis?: number;
}

interface PgModule {
  Client: new (config: PgClientConfig) => PgClient;
  escapeIdentifier(value: string): string;
  escapeLiteral(value: string): string;
}

const pg = createRequire(import.meta.url)('pg') as PgModule;

/** `"name"` quoted for SQL. */
export const quoteIdent = (value: string): string => pg.escapeIdentifier(value);
/** `'value'` quoted for SQL where parameters cannot be used (DDL). */
export const quoteLiteral = (value: string): string => pg.escapeLiteral(value);

/** Opens one connection; the caller must `end()` it. */
export async function connectPg(config: PgClientConfig | string): Promise<PgClient> {
  const client = new pg.Client(typeof config === 'string' ? { connectionString: config } : config);
  // An idle client's socket error would otherwise crash the process; the next query reports it.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs `fn` with a fresh connection and always closes it. */
export async function withPgClient<T>(
  config: PgClientConfig | string,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await connectPg(config);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL with its database (path) replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The database named in a URL's path. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
