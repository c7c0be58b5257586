import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { BaseExceptionFilter } from '@nestjs/core';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { ErrorCode, type TransportErrorBody } from '@offera/contracts';
import { type Observable, throwError } from 'rxjs';

// Socket-level failures to reach the server.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
// What node-postgres says when a connection ends or cannot be made in time.
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/**
 * Whether an error means Postgres could not be reached (down, restarting, refusing
 * connections), rather than that a statement failed: then the transaction did not commit and
 * the caller can be told to try again later. Looks through TypeORM's `driverError` and `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // Duck-typed rather than `instanceof Error`: socket errors may come from another realm (a test VM).
  for (let depth = 0; depth < 4 && isErrorLike(current); depth++) {
    const { code, message } = current;
    if (typeof code === 'string') {
      // SQLSTATE class 08: connection exception.
      if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    if (MESSAGES.test(message)) return true;
    current = current.driverError ?? current.cause;
  }
  return false;
}

interface ErrorLike {
  readonly message: string;
  readonly code?: unknown;
  readonly driverError?: unknown;
  readonly cause?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * A worker's message handlers: a failure to reach Postgres is answered as `UNAVAILABLE` (HTTP
 * 503 at the gateway) at once, rather than retried while the caller waits for a timeout.
 * Everything else is Nest's own handling: domain errors answered, the rest retried, and the
 * worker's HTTP routes (health, metrics) as Nest's default filter answers them. Registered on
 * the app before the transport connects, as the transport's handlers take the app's filters.
 */
@Catch()
export class DatabaseUnavailableFilter implements ExceptionFilter {
  private readonly rpc = new BaseRpcExceptionFilter();

  constructor(private readonly http: BaseExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<unknown> | void {
    if (host.getType() !== 'rpc') {
      this.http.catch(exception, host);
      return;
    }
    if (!isDatabaseUnavailable(exception)) return this.rpc.catch(exception, host);
    const body: TransportErrorBody = {
      code: ErrorCode.Unavailable,
      message: 'The database is unavailable; try again later',
    };
    return throwError(() => body);
  }
}
