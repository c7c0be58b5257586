import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HTTP_STATUS_BY_CODE } from '@offera/contracts';
import { RemoteError } from '@offera/transport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, type Observable, switchMap, throwError } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options.js';
import {
  IDEMPOTENCY_HEADER,
  IdempotencyHasher,
  parseIdempotencyKey,
  REPLAYED_HEADER,
} from './idempotency-key.js';
import { IdempotencyStore } from './idempotency.store.js';

/** What a keyed request carries on to its handler (see `RequestKey`). */
export interface IdempotentRequest {
  idempotency?: { readonly requestKey: string };
  user?: AuthUser;
}

/** The reason in the 422 body when a key comes back with a different request. */
export const KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

const statusOf = (e: unknown): number =>
  e instanceof RemoteError ? HTTP_STATUS_BY_CODE[e.code] : e instanceof HttpException ? e.getStatus() : 500;

/**
 * `Idempotency-Key` on a creating route: the first request with a key is handled; the same
 * request again with the same key (a client retrying after a lost answer) is handled again
 * with the same request key, which the owning service dedupes on, so it answers with what the
 * first one created instead of creating it twice; the key with a different request is 422.
 * A request that ends in a 4xx changed nothing, so its key is released for a corrected retry;
 * after a 5xx or a timeout the key stays, since the first attempt may have taken effect.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly hasher: IdempotencyHasher;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions,
  ) {
    this.hasher = new IdempotencyHasher(options.secret);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest & IdempotentRequest>();
    const parsed = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
    if (!parsed.ok) throw new BadRequestException(parsed.reason);
    if (parsed.key === undefined) return next.handle();
    if (!req.user) throw new Error('Idempotent() needs an authenticated route');

    const scope = this.hasher.scope(req.user.id, `${req.method} ${req.routeOptions.url ?? ''}`, parsed.key);
    const fingerprint = this.hasher.fingerprint(req.params, req.body);
    return from(this.store.claim(scope, fingerprint)).pipe(
      switchMap((claim) => {
        if (claim === 'mismatch') {
          throw new UnprocessableEntityException({
            message: 'This Idempotency-Key was already used for a different request',
            reason: KEY_REUSED,
          });
        }
        if (claim === 'replayed') void http.getResponse<FastifyReply>().header(REPLAYED_HEADER, 'true');
        req.idempotency = { requestKey: `idem:${scope}` };
        return next.handle().pipe(
          catchError((e: unknown) => {
            const status = statusOf(e);
            if (claim !== 'first' || status < 400 || status >= 500) return throwError(() => e);
            return from(this.store.release(scope, fingerprint)).pipe(switchMap(() => throwError(() => e)));
          }),
        );
      }),
    );
  }
}
