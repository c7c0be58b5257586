import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, derivedRowIdFrom, HandleMessage } from '@offera/transport';
import { AccountsService } from './accounts.service.js';
import { SessionMarksService } from './session-marks.service.js';

@Controller()
export class AccountsHandlers {
  constructor(
    private readonly accounts: AccountsService,
    private readonly marks: SessionMarksService,
  ) {}

  @HandleMessage('customers.register')
  register(
    @Payload() p: MessagePayload<'customers.register'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.register'>> {
    return this.accounts.register(p, derivedRowIdFrom(ctx, 'customer-account'), ctx.messageId);
  }

  @HandleMessage('customers.login')
  login(
    @Payload() p: MessagePayload<'customers.login'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.login'>> {
    return this.accounts.login(p, ctx.messageId);
  }

  @HandleMessage('customers.refresh')
  refresh(
    @Payload() p: MessagePayload<'customers.refresh'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.refresh'>> {
    return this.accounts.refresh(p.refreshToken, ctx.messageId);
  }

  @HandleMessage('customers.change-password')
  changePassword(
    @Payload() p: MessagePayload<'customers.change-password'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.change-password'>> {
    return this.accounts.changePassword(p, ctx.messageId);
  }

  /** Only the version and whether sessions may be used: nothing that says who the account is. */
  @HandleMessage('customers.get-session-state')
  async sessionState(
    @Payload() p: MessagePayload<'customers.get-session-state'>,
  ): Promise<MessageResult<'customers.get-session-state'>> {
    const { version, active } = await this.marks.state(p.accountId);
    return { version, active };
  }

  @HandleMessage('customers.logout')
  logout(@Payload() p: MessagePayload<'customers.logout'>): Promise<MessageResult<'customers.logout'>> {
    return this.accounts.logout(p.refreshToken);
  }
}
