import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ROLES as ALL_ROLES, type Role } from '@offera/contracts';
import type { AccessTokenClaims, AuthUser } from './auth-user.js';
import { IS_PUBLIC_KEY } from '@offera/observability';
import { ROLES } from './auth.decorators.js';
import { VerifiedTokens } from './verified-tokens.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** Every route needs a valid bearer access token unless marked @Public(); @Roles() narrows who. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer access token is required');
    const user = this.verified.get(match[1]) ?? (await this.verify(match[1]));
    req.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.includes(user.role))
      throw new ForbiddenException('Your role may not use this route');
    return true;
  }

  private async verify(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown }>(token, {
        algorithms: ['HS256'],
      });
    } catch {
      throw new UnauthorizedException('The access token is invalid or expired');
    }
    if (typeof claims.sub !== 'string' || !(ALL_ROLES as readonly string[]).includes(claims.role)) {
      throw new UnauthorizedException('The access token is invalid or expired');
    }
    const user: AuthUser = { id: claims.sub, role: claims.role };
    this.verified.remember(token, user, claims.exp);
    return user;
  }
}
