import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage, rowIdFrom } from '@offera/transport';
import { AddressesService } from './addresses.service.js';

@Controller()
export class AddressesHandlers {
  constructor(private readonly addresses: AddressesService) {}

  @HandleMessage('customers.list-addresses')
  list(
    @Payload() p: MessagePayload<'customers.list-addresses'>,
  ): Promise<MessageResult<'customers.list-addresses'>> {
    return this.addresses.list(p.customerId);
  }

  @HandleMessage('customers.get-address')
  get(
    @Payload() p: MessagePayload<'customers.get-address'>,
  ): Promise<MessageResult<'customers.get-address'>> {
    return this.addresses.get(p.customerId, p.addressId);
  }

  @HandleMessage('customers.add-address')
  add(
    @Payload() p: MessagePayload<'customers.add-address'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.add-address'>> {
    return this.addresses.add(p.customerId, p.address, p.actor, { id: rowIdFrom(ctx) });
  }

  @HandleMessage('customers.update-address')
  update(
    @Payload() p: MessagePayload<'customers.update-address'>,
  ): Promise<MessageResult<'customers.update-address'>> {
    return this.addresses.update(p.customerId, p.addressId, p.address, p.actor);
  }

  @HandleMessage('customers.remove-address')
  remove(
    @Payload() p: MessagePayload<'customers.remove-address'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.remove-address'>> {
    return this.addresses.remove(p.customerId, p.addressId, p.actor, ctx.messageId);
  }
}
