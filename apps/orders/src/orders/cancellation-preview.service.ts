import { Injectable } from '@nestjs/common';
import type { CancellationPreviewView, CustomerOrderRef } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { notFound } from '../common/orders.errors.js';
import { evaluateCancellation } from './cancellation-policy.js';
import { canTransition } from './order-state-machine.js';
import { OrderEntity } from './order.entity.js';
import { OrdersService } from './orders.service.js';

/**
 * What a customer's cancellation would cost now. It runs the same `evaluateCancellation` with
 * the same policy as `OrdersService.cancelInTx`, so the preview and the charge cannot disagree
 * (apart from the clock moving on between the two calls).
 */
@Injectable()
export class CancellationPreviewService {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersService,
  ) {}

  async preview(p: CustomerOrderRef, now = new Date()): Promise<CancellationPreviewView> {
    const o = await this.db.getRepository(OrderEntity).findOneBy({ id: p.orderId, customerId: p.customerId });
    // Someone else's order is not revealed.
    if (!o) throw notFound('order');
    const policy = this.orders.cancellationPolicy;
    const decision = evaluateCancellation({
      now,
      start: o.startsAt,
      totalCents: o.totalCents,
      cancelledBy: 'customer',
      policy,
    });
    const stateAllows = canTransition(o.status, 'cancel_by_customer');
    const cancellable = stateAllows && decision.allowed;
    return {
      orderId: o.id,
      status: o.status,
      cancellable,
      reason:
        !stateAllows || decision.reason === 'company_cancellation' ? 'not_cancellable' : decision.reason,
      feeCents: cancellable ? decision.feeCents : 0,
      free: cancellable && decision.feeCents === 0,
      freeUntil: decision.freeUntil,
      totalCents: o.totalCents,
      policy,
      evaluatedAt: now.toISOString(),
    };
  }
}
