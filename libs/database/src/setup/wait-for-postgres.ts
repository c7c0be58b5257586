import type { TlsOptions } from 'node:tls';
import { withPgClient } from '../pg.js';

export interface WaitForPostgresOptions {
  /** Any URL of the server; only whether it accepts a connection and a query matters. */
  url: string;
  ssl: false | TlsOptions;
  /** Give up after this long; 0 tries once. */
  timeoutMs: number;
  log?: (message: string) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Network errors and "starting up / shutting down" answers: the server may yet come. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
const TRANSIENT_SQLSTATES = new Set(['57P03', '57P01', '53300']); // cannot_connect_now, admin_shutdown, too_many_connections

function transient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || TRANSIENT_SQLSTATES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout expired/i.test(message);
}

const reasonOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
};

/**
 * Waits, with exponential backoff, until Postgres accepts a connection: a setup Job applied
 * together with a fresh database starts before the database is ready. Errors that waiting
 * cannot cure (wrong password, missing database, bad certificate) fail at once.
 */
export async function waitForPostgres(options: WaitForPostgresOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const maxDelay = options.maxDelayMs ?? 5000;
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const connectionTimeoutMillis = Math.max(1000, Math.min(5000, deadline - Date.now()));
      await withPgClient({ connectionString: options.url, ssl: options.ssl, connectionTimeoutMillis }, (c) =>
        c.query('SELECT 1'),
      );
      return;
    } catch (error) {
      if (!transient(error)) throw error;
      if (Date.now() + delay > deadline)
        throw new Error(
          `Postgres did not accept connections within ${Math.round(options.timeoutMs / 1000)} s ` +
            `(${attempt} attempts, last: ${reasonOf(error)})`,
          { cause: error },
        );
      options.log?.(`waiting for Postgres (${reasonOf(error)}); attempt ${attempt + 1} in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
