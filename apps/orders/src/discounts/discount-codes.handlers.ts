import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DiscountCodesService } from './discount-codes.service.js';

@Controller()
export class DiscountCodesHandlers {
  constructor(private readonly codes: DiscountCodesService) {}

  @HandleMessage('orders.create-discount-code')
  create(
    @Payload() p: MessagePayload<'orders.create-discount-code'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.create-discount-code'>> {
    return this.codes.create(p, ctx.messageId);
  }
}
