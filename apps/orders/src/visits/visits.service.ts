import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { ProviderOrderView } from '@offera/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { OrdersError, OrdersErrorReason, notFound } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { BuyerNames } from '../invoices/buyer-names.js';
import { InvoicesService } from '../invoices/invoices.service.js';
import { OffersService } from '../offers/offers.service.js';
import { OrderCommentEntity } from '../orders/order-comment.entity.js';
import { emit, eventBase } from '../orders/order-events.js';
import { OrderEntity } from '../orders/order.entity.js';
import { nextState, redelivered } from '../orders/orders.service.js';
import { evaluateVisitStart } from './visit-timing.js';

/**
 * The provider's side of a job: comments, starting it (from `VISIT_START_MARGIN_MINUTES` before
 * its slot) and completing it once started, which invoices it and asks the customer for a rating.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly db: DataSource,
    private readonly buyers: BuyerNames,
    private readonly offers: OffersService,
    private readonly invoices: InvoicesService,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** `id` (the message's): the same message delivered again adds no second comment. */
  async comment(
    providerId: string,
    orderId: string,
    body: string,
    id: string = randomUUID(),
  ): Promise<ProviderOrderView> {
    return this.db.transaction(async (tx) => {
      await this.assigned(tx, orderId, providerId);
      await tx
        .createQueryBuilder()
        .insert()
        .into(OrderCommentEntity)
        .values({ id, orderId, providerId, body })
        .orIgnore()
        .execute();
      return this.offers.providerView(tx, orderId, providerId);
    });
  }

  async start(providerId: string, orderId: string, requestId?: string): Promise<ProviderOrderView> {
    return this.db.transaction(async (tx) => {
      const o = await this.assigned(tx, orderId, providerId);
      if (redelivered(o, requestId)) return this.offers.providerView(tx, orderId, providerId);
      const now = new Date();
      const status = nextState(o, 'start');
      const margin = this.config.visitStartMarginMinutes;
      const timing = evaluateVisitStart({ now, start: o.startsAt, marginMinutes: margin });
      if (!timing.allowed) {
        throw new OrdersError(
          OrdersErrorReason.VisitTooEarly,
          `A visit can be started from ${margin} minutes before its start (from ${timing.startableFrom})`,
        );
      }
      await tx
        .getRepository(OrderEntity)
        .update({ id: o.id }, { status, startedAt: now, updatedAt: now, lastRequestId: requestId ?? null });
      return this.offers.providerView(tx, orderId, providerId);
    });
  }

  async complete(providerId: string, orderId: string, requestId?: string): Promise<ProviderOrderView> {
    const peek = await this.db.getRepository(OrderEntity).findOneBy({ id: orderId, providerId });
    if (!peek) throw notFound('order');
    if (redelivered(peek, requestId)) return this.offers.providerView(this.db.manager, orderId, providerId);
    nextState(peek, 'complete');
    // The buyer's name is asked from the customer register at completion, outside the transaction.
    const buyerName = await this.buyers.of(peek.customerId);
    return this.db.transaction(async (tx) => {
      const o = await this.assigned(tx, orderId, providerId);
      const now = new Date();
      await tx.getRepository(OrderEntity).update(
        { id: o.id },
        {
          status: nextState(o, 'complete'),
          completedAt: now,
          updatedAt: now,
          lastRequestId: requestId ?? null,
        },
      );
      await this.invoices.createForOrder(tx, o, buyerName, now);
      await emit(tx, 'order.completed', { ...eventBase(o), providerId });
      return this.offers.providerView(tx, orderId, providerId);
    });
  }

  /** The provider's own order, locked; 404 for anyone else's. */
  private async assigned(tx: EntityManager, orderId: string, providerId: string): Promise<OrderEntity> {
    const o = await tx
      .getRepository(OrderEntity)
      .findOne({ where: { id: orderId, providerId }, lock: { mode: 'pessimistic_write' } });
    if (!o) throw notFound('order');
    return o;
  }
}
