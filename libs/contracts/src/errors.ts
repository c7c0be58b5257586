/**
 * Error codes that travel over the transport. Handlers throw domain errors with one of
 * these codes; the gateway maps each to an HTTP status. Messages never carry personal data.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** Was there, and is no more (a one-time link used or expired). */
  Gone = 'GONE',
  Unprocessable = 'UNPROCESSABLE',
  RateLimited = 'RATE_LIMITED',
  Timeout = 'TIMEOUT',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
}

export interface TransportErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  /** Machine-readable reason within a feature, e.g. `EMAIL_TAKEN`. */
  readonly reason?: string;
}

export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Gone]: 410,
  [ErrorCode.Unprocessable]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Timeout]: 504,
};

const CODES = new Set<string>(Object.values(ErrorCode));

export function isTransportErrorBody(value: unknown): value is TransportErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    CODES.has((value as { code?: unknown }).code as string) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
