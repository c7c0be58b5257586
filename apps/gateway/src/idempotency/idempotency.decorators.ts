import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor, type IdempotentRequest } from './idempotency.interceptor.js';

/** The route takes an optional `Idempotency-Key` header (see `IdempotencyInterceptor`). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key per intended request (e.g. a UUID), kept for IDEMPOTENCY_TTL_SECONDS. Retrying with the same key and body answers with what the first request created, with `Idempotent-Replayed: true`; the same key with a different body is 422 (reason `IDEMPOTENCY_KEY_REUSED`).',
    }),
  );

/** The request key the owning service dedupes on, when the caller sent an Idempotency-Key. */
export const RequestKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<IdempotentRequest>().idempotency?.requestKey,
);
