import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage, rowIdFrom } from '@offera/transport';
import { VisitsService } from './visits.service.js';

@Controller()
export class VisitsHandlers {
  constructor(private readonly visits: VisitsService) {}

  @HandleMessage('orders.add-comment')
  comment(
    @Payload() p: MessagePayload<'orders.add-comment'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.add-comment'>> {
    return this.visits.comment(p.providerId, p.orderId, p.body, rowIdFrom(ctx));
  }

  @HandleMessage('orders.start-visit')
  start(
    @Payload() p: MessagePayload<'orders.start-visit'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.start-visit'>> {
    return this.visits.start(p.providerId, p.orderId, ctx.messageId);
  }

  @HandleMessage('orders.complete-visit')
  complete(
    @Payload() p: MessagePayload<'orders.complete-visit'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.complete-visit'>> {
    return this.visits.complete(p.providerId, p.orderId, ctx.messageId);
  }
}
