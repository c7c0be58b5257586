import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, derivedRowIdFrom, HandleMessage, rowIdFrom } from '@offera/transport';
import { AccountAdminService } from './account-admin.service.js';
import { AccountStatusService } from './account-status.service.js';
import { StaffCustomersService } from './staff-customers.service.js';

@Controller()
export class StaffHandlers {
  constructor(
    private readonly accounts: AccountAdminService,
    private readonly customers: StaffCustomersService,
    private readonly statuses: AccountStatusService,
  ) {}

  @HandleMessage('customers.create-account')
  createAccount(
    @Payload() p: MessagePayload<'customers.create-account'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.create-account'>> {
    // Derived, not the message id itself: that id names the job in the queue's capped event
    // stream, which an erasure of the account does not reach.
    return this.accounts.create(p, derivedRowIdFrom(ctx, 'staff-account'));
  }

  @HandleMessage('customers.get-account')
  getAccount(
    @Payload() p: MessagePayload<'customers.get-account'>,
  ): Promise<MessageResult<'customers.get-account'>> {
    return this.accounts.view(p.accountId);
  }

  @HandleMessage('customers.set-account-status')
  setAccountStatus(
    @Payload() p: MessagePayload<'customers.set-account-status'>,
  ): Promise<MessageResult<'customers.set-account-status'>> {
    return this.statuses.set(p);
  }

  @HandleMessage('customers.search')
  search(@Payload() p: MessagePayload<'customers.search'>): Promise<MessageResult<'customers.search'>> {
    return this.customers.search(p.q, p.limit);
  }

  @HandleMessage('customers.create-by-staff')
  create(
    @Payload() p: MessagePayload<'customers.create-by-staff'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.create-by-staff'>> {
    return this.customers.create(p, derivedRowIdFrom(ctx, 'staff-customer'));
  }

  @HandleMessage('customers.get-customer')
  get(
    @Payload() p: MessagePayload<'customers.get-customer'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.get-customer'>> {
    return this.customers.viewBy(p, rowIdFrom(ctx));
  }
}
