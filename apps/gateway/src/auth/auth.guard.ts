import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@offera/contracts';
import { IS_PUBLIC_KEY } from '@offera/observability';
import { AccessTokens } from './access-tokens.js';
import type { AuthUser } from './auth-user.js';
import { ROLES } from './auth.decorators.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/**
 * Every route needs a valid bearer access token of a session that has not ended unless marked
 * @Public(); @Roles() narrows who.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer access token is required');
    const user = await this.tokens.authenticate(match[1]);
    req.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.includes(user.role))
      throw new ForbiddenException('Your role may not use this route');
    return true;
  }
}
