import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { SeriesService } from './series.service.js';

@Controller()
export class SeriesHandlers {
  constructor(
    private readonly series: SeriesService,
    private readonly db: DataSource,
  ) {}

  @HandleMessage('orders.create-series')
  create(
    @Payload() p: MessagePayload<'orders.create-series'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.create-series'>> {
    return this.series.create(p, p.requestKey ?? ctx.messageId);
  }

  @HandleMessage('orders.list-series')
  list(@Payload() p: MessagePayload<'orders.list-series'>): Promise<MessageResult<'orders.list-series'>> {
    return this.series.list(p.customerId);
  }

  @HandleMessage('orders.get-series')
  get(@Payload() p: MessagePayload<'orders.get-series'>): Promise<MessageResult<'orders.get-series'>> {
    return this.series.get(p);
  }

  @HandleMessage('orders.skip-occurrence')
  skip(
    @Payload() p: MessagePayload<'orders.skip-occurrence'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.skip-occurrence'>> {
    return this.series.skip(p, ctx.messageId);
  }

  @HandleMessage('orders.reschedule-occurrence')
  reschedule(
    @Payload() p: MessagePayload<'orders.reschedule-occurrence'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.reschedule-occurrence'>> {
    return this.series.rescheduleOne(p, ctx.messageId);
  }

  @HandleMessage('orders.pause-series')
  pause(
    @Payload() p: MessagePayload<'orders.pause-series'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.pause-series'>> {
    return this.series.pause(p, ctx.messageId);
  }

  @HandleMessage('orders.end-series')
  end(
    @Payload() p: MessagePayload<'orders.end-series'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.end-series'>> {
    return this.series.end(p, ctx.messageId);
  }

  @HandleMessage('orders.change-series-from')
  changeFrom(
    @Payload() p: MessagePayload<'orders.change-series-from'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.change-series-from'>> {
    return this.series.changeFrom(p, ctx.messageId);
  }

  @HandleMessage('orders.materialise-series')
  materialise(
    @Payload() p: MessagePayload<'orders.materialise-series'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'orders.materialise-series'>> {
    // Its own transactions, each safe to run again; a redelivery answers with the first count.
    return answerOnce(this.db, ctx?.messageId, 'orders.materialise-series', () =>
      this.series.materialiseAll(p.now ? new Date(p.now) : new Date()),
    );
  }
}
