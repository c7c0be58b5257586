import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG } from '@offera/config';
import { HealthController } from '@offera/observability';
import { BullMqClient } from '@offera/transport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuthUser } from '../auth/auth-user.js';
import type { GatewayConfig } from '../config.js';
import { RateLimiter } from './rate-limiter.js';

export const STRICT_RATE_LIMIT = 'offera:strict-rate-limit';

/** Routes where guessing is the risk (sign-in, registration): a tighter limit per IP. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);

export const PUBLIC_QUOTE_RATE_LIMIT = 'offera:public-quote-rate-limit';

/**
 * The anonymous price quote: its own per-IP window, so scraping prices is capped without eating
 * into the caller's sign-in attempts (and sign-ins not into their quotes).
 */
export const PublicQuoteRateLimit = () => SetMetadata(PUBLIC_QUOTE_RATE_LIMIT, true);

/**
 * Limits requests per caller: per account once authenticated, per IP otherwise; a stricter
 * per-IP limit on @StrictRateLimit() and @PublicQuoteRateLimit() routes. The windows live in Redis, shared by every replica
 * and kept over restarts; while Redis is down requests are refused with 503 (nothing could be
 * served without it anyway). Health and metrics routes are not limited.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly general: RateLimiter;
  private readonly strict: RateLimiter;
  private readonly publicQuote: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: GatewayConfig,
    client: BullMqClient,
  ) {
    const redis = client.unwrap<Redis>();
    const windows = (name: string, limit: number) =>
      new RateLimiter(redis, {
        limit,
        windowMs: 60_000,
        keyPrefix: `${config.queuePrefix}:gateway:rate:${name}:`,
        masterKey: config.messageEncryptionKey,
      });
    this.general = windows('general', config.rateLimitPerMinute);
    this.strict = windows('strict', config.authRateLimitPerMinute);
    this.publicQuote = windows('public-quote', config.publicQuoteRateLimitPerMinute);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Probes and Prometheus scrapes are never limited.
    if (ctx.getClass() === HealthController) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const strict = this.reflector.getAllAndOverride<boolean>(STRICT_RATE_LIMIT, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const publicQuote = this.reflector.getAllAndOverride<boolean>(PUBLIC_QUOTE_RATE_LIMIT, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const verdict = strict
      ? await this.strict.hit(`ip:${req.ip}`)
      : publicQuote
        ? await this.publicQuote.hit(`ip:${req.ip}`)
        : await this.general.hit(req.user ? `user:${req.user.id}` : `ip:${req.ip}`);
    if (!verdict.allowed) {
      void reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new HttpException('Too many requests; try again later', HttpStatus.TOO_MANY_REQUESTS);
    }
    return true;
  }
}
