import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AccountView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import { AccountDto } from '../admin-accounts/dto/admin-accounts.dto.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { withRetryAfter } from '../auth/retry-after.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { StrictRateLimit } from '../rate-limit/rate-limit.guard.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';

/** The signed-in account of any role: who am I, and changing my password. */
@ApiBearerAuth()
@Controller()
export class AccountController {
  constructor(private readonly bus: MessageBus) {}

  @Get('account')
  @ApiTags('account')
  @ApiOkResponse({ type: AccountDto, description: 'The signed-in account (any role)' })
  @ApiErrors(401, 404, 429)
  account(@CurrentUser() user: AuthUser): Promise<AccountView> {
    return this.bus.send('customers.get-account', { accountId: user.id });
  }

  @Post('auth/change-password')
  @HttpCode(204)
  @StrictRateLimit()
  @ApiTags('auth')
  @ApiNoContentResponse({ description: 'Changed; every refresh token of the account is revoked' })
  @ApiErrors(400, 401, 403, 429)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await withRetryAfter(
      reply,
      this.bus.send('customers.change-password', {
        accountId: user.id,
        currentPassword: dto.currentPassword,
        newPassword: dto.newPassword,
      }),
    );
  }
}
