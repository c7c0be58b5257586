import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessTokens } from '../auth/access-tokens.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import {
  QUEUES_BASE_PATH,
  QUEUES_SESSION_AUDIENCE,
  QUEUES_SESSION_COOKIE,
  QUEUES_SESSION_TTL_SECONDS,
} from './admin-queues.auth.js';

@ApiTags('admin: queues')
@ApiBearerAuth()
@Controller('admin/queues')
@Roles('admin')
export class AdminQueuesController {
  constructor(private readonly tokens: AccessTokens) {}

  /**
   * Opens the queue dashboard (`/admin/queues`) in a browser: sets a short-lived, HTTP-only
   * cookie scoped to the dashboard's path, since a page load cannot carry a bearer header.
   */
  @Post('session')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Session cookie set for /admin/queues' })
  @ApiErrors(401, 403, 429)
  async openSession(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    // Under the caller's session version: the cookie ends with the session, like the token.
    const token = await this.tokens.sign(
      { sub: user.id, role: user.role, sv: user.sessionVersion },
      { audience: QUEUES_SESSION_AUDIENCE, expiresInSeconds: QUEUES_SESSION_TTL_SECONDS },
    );
    void reply.header(
      'set-cookie',
      `${QUEUES_SESSION_COOKIE}=${token}; Path=${QUEUES_BASE_PATH}; Max-Age=${QUEUES_SESSION_TTL_SECONDS}; HttpOnly; Secure; SameSite=Strict`,
    );
  }
}
