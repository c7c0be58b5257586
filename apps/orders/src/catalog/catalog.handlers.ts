import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { CatalogService } from './catalog.service.js';

@Controller()
export class CatalogHandlers {
  constructor(private readonly catalog: CatalogService) {}

  @HandleMessage('orders.get-catalog')
  get(@Payload() p: MessagePayload<'orders.get-catalog'>): Promise<MessageResult<'orders.get-catalog'>> {
    return this.catalog.catalog(p.includeInactive === true);
  }

  @HandleMessage('orders.create-catalog-item')
  create(
    @Payload() p: MessagePayload<'orders.create-catalog-item'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.create-catalog-item'>> {
    return this.catalog.create(p, ctx.messageId, new Date(ctx.job.timestamp));
  }

  @HandleMessage('orders.update-catalog-item')
  update(
    @Payload() p: MessagePayload<'orders.update-catalog-item'>,
  ): Promise<MessageResult<'orders.update-catalog-item'>> {
    return this.catalog.update(p);
  }

  @HandleMessage('orders.set-catalog-price')
  setPrice(
    @Payload() p: MessagePayload<'orders.set-catalog-price'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.set-catalog-price'>> {
    return this.catalog.setPrice(p, new Date(ctx.job.timestamp));
  }
}
