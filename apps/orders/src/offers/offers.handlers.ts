import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload, MessagePayload, MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleEvent, HandleMessage } from '@offera/transport';
import { answerOnce } from '@offera/database';
import { DataSource } from 'typeorm';
import { OffersService } from './offers.service.js';

@Controller()
export class OffersHandlers {
  constructor(
    private readonly offers: OffersService,
    private readonly db: DataSource,
  ) {}

  /** A placed order is offered after its commit; the handler is a no-op once it has been. */
  @HandleEvent('order.placed')
  async onPlaced(@Payload() p: EventPayload<'order.placed'>): Promise<void> {
    await this.offers.offer(p.orderId);
  }

  /** A released order is offered again after its commit, like a placed one. */
  @HandleEvent('order.released')
  async onReleased(@Payload() p: EventPayload<'order.released'>): Promise<void> {
    await this.offers.offer(p.orderId);
  }

  @HandleMessage('orders.release-order')
  release(
    @Payload() p: MessagePayload<'orders.release-order'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.release-order'>> {
    return this.offers.release(p.providerId, p.orderId, p.reason, ctx.messageId);
  }

  @HandleMessage('orders.offer')
  offer(
    @Payload() p: MessagePayload<'orders.offer'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'orders.offer'>> {
    // An operator's offer delivered again answers with the offer it made, not "already offered".
    return answerOnce(this.db, ctx.messageId, 'orders.offer', () =>
      this.offers.offer(p.orderId, p.providerIds),
    );
  }

  @HandleMessage('orders.list-escalated')
  escalated(): Promise<MessageResult<'orders.list-escalated'>> {
    return this.offers.listEscalated();
  }

  @HandleMessage('orders.list-offers')
  list(@Payload() p: MessagePayload<'orders.list-offers'>): Promise<MessageResult<'orders.list-offers'>> {
    return this.offers.listOffers(p.providerId);
  }

  @HandleMessage('orders.accept-offer')
  accept(@Payload() p: MessagePayload<'orders.accept-offer'>): Promise<MessageResult<'orders.accept-offer'>> {
    return this.offers.accept(p.providerId, p.offerId);
  }

  @HandleMessage('orders.expire-offers')
  async expire(
    @Payload() p: MessagePayload<'orders.expire-offers'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'orders.expire-offers'>> {
    // Its own transactions, each safe to run again; a redelivery answers with the first count.
    return answerOnce(this.db, ctx?.messageId, 'orders.expire-offers', async () => ({
      processed: await this.offers.expireOffers(p.now ? new Date(p.now) : new Date()),
    }));
  }

  @HandleMessage('orders.list-provider-orders')
  orders(
    @Payload() p: MessagePayload<'orders.list-provider-orders'>,
  ): Promise<MessageResult<'orders.list-provider-orders'>> {
    return this.offers.listOrders(p.providerId);
  }

  @HandleMessage('orders.get-provider-order')
  order(
    @Payload() p: MessagePayload<'orders.get-provider-order'>,
  ): Promise<MessageResult<'orders.get-provider-order'>> {
    return this.offers.providerOrder(p.orderId, p.providerId);
  }
}
