import { RpcException } from '@nestjs/microservices';
import { ErrorCode, type TransportErrorBody } from '@offera/contracts';

/**
 * A handled failure a service reports to its caller: the request is answered with it and not
 * retried. Feature code extends it with its own reason enum. Messages never hold personal data.
 */
export class DomainError<Reason extends string = string> extends RpcException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: Reason,
  ) {
    super({ code, message, ...(reason ? { reason } : {}) } satisfies TransportErrorBody);
  }
}

/**
 * Builds a feature's DomainError base from its reason→code table, so a feature file is just its
 * reason enum, the table and `export class XError extends domainErrorFor(CODES) {}`.
 */
export function domainErrorFor<Reason extends string>(codes: Readonly<Record<Reason, ErrorCode>>) {
  return class extends DomainError<Reason> {
    constructor(reason: Reason, message: string) {
      super(codes[reason], message, reason);
    }
  };
}

/** What a caller receives when the remote side answered with an error (or none came). */
export class RemoteError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }

  static from(body: TransportErrorBody): RemoteError {
    return new RemoteError(body.code, body.message, body.reason);
  }
}
