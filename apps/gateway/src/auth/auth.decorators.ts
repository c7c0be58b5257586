import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@offera/contracts';
import { IS_PUBLIC_KEY } from '@offera/observability';
import type { AuthUser } from './auth-user.js';

export const ROLES = 'offera:roles';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Only callers with one of these roles may use the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
