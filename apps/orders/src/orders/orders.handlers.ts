import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { AnonymousQuoteService } from './anonymous-quote.service.js';
import { CancellationPreviewService } from './cancellation-preview.service.js';
import { OrdersService } from './orders.service.js';

@Controller()
export class OrdersHandlers {
  constructor(
    private readonly orders: OrdersService,
    private readonly cancellations: CancellationPreviewService,
    private readonly anonymous: AnonymousQuoteService,
  ) {}

  @HandleMessage('orders.quote')
  quote(@Payload() p: MessagePayload<'orders.quote'>): Promise<MessageResult<'orders.quote'>> {
    return this.orders.quote(p);
  }

  @HandleMessage('orders.anonymous-quote')
  anonymousQuote(
    @Payload() p: MessagePayload<'orders.anonymous-quote'>,
  ): Promise<MessageResult<'orders.anonymous-quote'>> {
    return this.anonymous.quote(p);
  }

  @HandleMessage('orders.place')
  place(
    @Payload() p: MessagePayload<'orders.place'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.place'>> {
    return this.orders.place(p, p.requestKey ?? ctx.messageId);
  }

  @HandleMessage('orders.list')
  list(@Payload() p: MessagePayload<'orders.list'>): Promise<MessageResult<'orders.list'>> {
    return this.orders.list(p);
  }

  @HandleMessage('orders.get')
  get(@Payload() p: MessagePayload<'orders.get'>): Promise<MessageResult<'orders.get'>> {
    return this.orders.get(p);
  }

  @HandleMessage('orders.reschedule')
  reschedule(
    @Payload() p: MessagePayload<'orders.reschedule'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.reschedule'>> {
    return this.orders.reschedule(p, ctx.messageId);
  }

  @HandleMessage('orders.cancellation-preview')
  cancellationPreview(
    @Payload() p: MessagePayload<'orders.cancellation-preview'>,
  ): Promise<MessageResult<'orders.cancellation-preview'>> {
    return this.cancellations.preview(p);
  }

  @HandleMessage('orders.cancel')
  cancel(
    @Payload() p: MessagePayload<'orders.cancel'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.cancel'>> {
    return this.orders.cancel(p, ctx.messageId);
  }

  @HandleMessage('orders.cancel-by-company')
  cancelByCompany(
    @Payload() p: MessagePayload<'orders.cancel-by-company'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.cancel-by-company'>> {
    return this.orders.cancelByCompany(p.orderId, ctx.messageId);
  }

  @HandleMessage('orders.rate')
  rate(
    @Payload() p: MessagePayload<'orders.rate'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.rate'>> {
    return this.orders.rate(p, ctx.messageId);
  }
}
