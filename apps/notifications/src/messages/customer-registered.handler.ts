import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { BullMqContext, HandleEvent } from '@offera/transport';
import { DataSource } from 'typeorm';
import { OutgoingMessageEntity } from './outgoing-message.entity.js';

/** Queues the welcome email for a new customer, once per event however often it is delivered. */
@Controller()
export class CustomerRegisteredHandler {
  constructor(private readonly db: DataSource) {}

  @HandleEvent('customer.registered')
  async onRegistered(
    @Payload() event: EventPayload<'customer.registered'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(OutgoingMessageEntity)
      .values({
        sourceEventId: ctx.messageId,
        recipientId: event.customerId,
        template: 'welcome',
        channel: 'email',
        status: 'pending',
      })
      .orIgnore()
      .execute();
  }
}
