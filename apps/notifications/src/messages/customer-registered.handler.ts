import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { BullMqContext, HandleEvent } from '@offera/transport';
import { MessagesService } from './messages.service.js';

/** Sends the welcome email to a new customer, once per event however often it is delivered. */
@Controller()
export class CustomerRegisteredHandler {
  constructor(private readonly messages: MessagesService) {}

  @HandleEvent('customer.registered')
  async onRegistered(
    @Payload() event: EventPayload<'customer.registered'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    await this.messages.queue(ctx.messageId, [
      { recipientId: event.customerId, template: 'welcome', channel: 'email', params: {} },
    ]);
  }
}
