import { UnauthorizedException } from '@nestjs/common';
import { ErrorCode } from '@offera/contracts';
import type { AccessTokens } from '../auth/access-tokens.js';
import type { AuthUser } from '../auth/auth-user.js';

/** The dashboard's session cookie: set by `POST /api/v1/admin/queues/session`, sent only to the dashboard. */
export const QUEUES_SESSION_COOKIE = 'offera_queues_session';
/** Audience of session-cookie tokens, so an access token is never taken for one (and back). */
export const QUEUES_SESSION_AUDIENCE = 'offera-admin-queues';
export const QUEUES_SESSION_TTL_SECONDS = 300;
export const QUEUES_BASE_PATH = '/admin/queues';

export type BoardAccess =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly statusCode: 401 | 403 | 503;
      readonly code: ErrorCode;
      readonly message: string;
    };

const BEARER = /^Bearer ([A-Za-z0-9._-]+)$/;

/** Reads one cookie from a Cookie header (no cookie plugin is installed). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

const unauthenticated: BoardAccess = {
  allowed: false,
  statusCode: 401,
  code: ErrorCode.Unauthenticated,
  message: 'An admin access token or queue dashboard session is required',
};

/**
 * Who may see the queue dashboard: an `admin`, by bearer access token (API clients) or by the
 * short-lived session cookie (the browser UI, which cannot send headers on navigation).
 */
export async function checkBoardAccess(
  tokens: Pick<AccessTokens, 'authenticate'>,
  headers: { authorization?: string; cookie?: string },
): Promise<BoardAccess> {
  const bearer = BEARER.exec(headers.authorization ?? '')?.[1];
  const cookie = bearer ? undefined : readCookie(headers.cookie, QUEUES_SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (!token) return unauthenticated;
  let user: AuthUser;
  try {
    // A bearer token must be an access token; the cookie only a dashboard session (its audience).
    user = await tokens.authenticate(token, cookie ? QUEUES_SESSION_AUDIENCE : undefined);
  } catch (error) {
    if (error instanceof UnauthorizedException) return unauthenticated;
    return {
      allowed: false,
      statusCode: 503,
      code: ErrorCode.Unavailable,
      message: 'The session could not be checked; try again',
    };
  }
  if (user.role !== 'admin')
    return {
      allowed: false,
      statusCode: 403,
      code: ErrorCode.Forbidden,
      message: 'Only admins may see the queues',
    };
  return { allowed: true };
}
