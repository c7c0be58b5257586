import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ErrorCode, HTTP_STATUS_BY_CODE } from '@offera/contracts';
import { isRedisUnavailable, RemoteError } from '@offera/transport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InputRejected } from './json-input.js';

/** What a 503 asks the caller to wait: a dependency down is usually back within seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  410: ErrorCode.Gone,
  413: ErrorCode.ValidationFailed,
  415: ErrorCode.ValidationFailed,
  422: ErrorCode.Unprocessable,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
  504: ErrorCode.Timeout,
};

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: string[];
  reason?: string;
  requestId: string;
}

/** One error shape for every failure; remote errors keep their code, unknown ones become a bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(req.id));
    if (body.statusCode >= 500) {
      this.log.error(
        `${req.method} ${req.routeOptions?.url ?? 'unknown route'} failed: ${body.code}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (body.statusCode === 503 && !reply.hasHeader('retry-after')) {
      void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof RemoteError) {
      return {
        statusCode: HTTP_STATUS_BY_CODE[exception.code],
        code: exception.code,
        // Internal failures elsewhere are not explained to the caller.
        message: exception.code === ErrorCode.Internal ? 'Internal error' : exception.message,
        ...(exception.reason ? { reason: exception.reason } : {}),
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw =
        typeof response === 'object' && response !== null
          ? (response as { message?: unknown }).message
          : response;
      const details = Array.isArray(raw) ? raw.map(String) : undefined;
      const reason =
        typeof response === 'object' && response !== null
          ? (response as { reason?: unknown }).reason
          : undefined;
      const message = details ? 'Invalid input' : typeof raw === 'string' ? raw : exception.message;
      return {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed),
        message,
        ...(details ? { details } : {}),
        ...(typeof reason === 'string' ? { reason } : {}),
        requestId,
      };
    }
    if (isRedisUnavailable(exception)) {
      // Redis down under the gateway's own use of it (idempotency keys, rate limits): try later.
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.Unavailable,
        message: 'Temporarily unavailable; try again later',
        requestId,
      };
    }
    if (exception instanceof InputRejected) {
      return { statusCode: 400, code: ErrorCode.ValidationFailed, message: exception.message, requestId };
    }
    // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? ErrorCode.ValidationFailed,
        message:
          status === 415
            ? 'Unsupported content type'
            : status === 413
              ? 'Request body too large'
              : 'Malformed request',
        requestId,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.Internal,
      message: 'Internal error',
      requestId,
    };
  }
}
