import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { BullMqContext, HandleMessage } from '@offera/transport';
import { DeliveryService } from './delivery.service.js';

/** The delivery job of one message (job id `deliver-<messageId>`); a throw is retried with backoff. */
@Controller()
export class DeliverHandler {
  constructor(private readonly delivery: DeliveryService) {}

  @HandleMessage('notifications.deliver')
  deliver(
    @Payload() p: MessagePayload<'notifications.deliver'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'notifications.deliver'>> {
    return this.delivery.deliver(p.messageId, ctx.isFinalAttempt);
  }
}
