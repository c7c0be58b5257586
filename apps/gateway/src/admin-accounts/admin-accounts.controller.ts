import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AccountStatusView, AccountView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { AccountStatusDto, AccountStatusViewDto } from './dto/account-status.dto.js';
import { AccountDto, CreateAccountDto } from './dto/admin-accounts.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/**
 * Staff and provider accounts, created by an admin (the first admin by `scripts/seed-admin`);
 * any account (customers too) can be locked, deactivated and reactivated by an admin.
 */
@ApiTags('admin: accounts')
@ApiBearerAuth()
@Controller('admin/accounts')
@Roles('admin')
export class AdminAccountsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @ApiCreatedResponse({ type: AccountDto })
  @ApiErrors(400, 401, 403, 409, 429)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAccountDto): Promise<AccountView> {
    const { provider, ...fields } = dto;
    return this.bus.send('customers.create-account', {
      actor: { accountId: user.id, role: user.role },
      ...fields,
      ...(provider ? { provider: { ...provider } } : {}),
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@Param('id', uuid) id: string): Promise<AccountView> {
    return this.bus.send('customers.get-account', { accountId: id });
  }

  /**
   * Answered only once the change committed and every gateway was told to drop what it knew of
   * the account's sessions.
   */
  @Put(':id/status')
  @ApiOkResponse({ type: AccountStatusViewDto })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  setStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: AccountStatusDto,
  ): Promise<AccountStatusView> {
    return this.bus.send('customers.set-account-status', {
      actor: { accountId: user.id, role: user.role },
      accountId: id,
      status: dto.status,
    });
  }
}
