import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  CustomerOrderRef,
  ListOrdersPayload,
  OrdersPage,
  OrderView,
  PlaceOrderPayload,
  QuotePayload,
  QuoteView,
  RateOrderPayload,
  RescheduleOrderPayload,
} from '@offera/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { OrdersError, OrdersErrorReason, notFound } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { DiscountRedemptionEntity } from '../discounts/discount-redemption.entity.js';
import { normaliseCode } from '../discounts/discount-codes.service.js';
import { OrderOfferEntity } from '../offers/order-offer.entity.js';
import { type CancellationPolicy, evaluateCancellation } from './cancellation-policy.js';
import { OrderCommentEntity } from './order-comment.entity.js';
import { emit, eventBase } from './order-events.js';
import { OrderPricingService, parseStart, requireFuture } from './order-pricing.service.js';
import { OrderRatingEntity } from './order-rating.entity.js';
import { type OrderEvent, transition } from './order-state-machine.js';
import { customerOrderView } from './order-views.js';
import { OrderEntity, type PriceSnapshot } from './order.entity.js';

/** Applies a state-machine event or refuses with 409. */
export function nextState(o: OrderEntity, event: OrderEvent): OrderEntity['status'] {
  const t = transition(o.status, event);
  if (!t.ok) {
    throw new OrdersError(
      OrdersErrorReason.IllegalTransition,
      `An order that is ${o.status} cannot take "${event}"`,
    );
  }
  return t.state;
}

/** The fields of a new order shared by one-off placement and series materialisation. */
export type NewOrder = Omit<
  OrderEntity,
  | 'createdAt'
  | 'updatedAt'
  | 'status'
  | 'providerId'
  | 'offerRound'
  | 'escalatedAt'
  | 'restricted'
  | 'cancelledBy'
  | 'cancellationFeeCents'
  | 'cancelledAt'
  | 'startedAt'
  | 'completedAt'
  | 'totalCents'
  | 'workCents'
  | 'deductionCents'
  | 'durationMinutes'
> & { priceSnapshot: PriceSnapshot };

@Injectable()
export class OrdersService {
  constructor(
    private readonly db: DataSource,
    private readonly pricing: OrderPricingService,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  get cancellationPolicy(): CancellationPolicy {
    return {
      freeUntilHoursBefore: this.config.cancellationFreeHours,
      lateFee: { kind: 'percent', percentBp: this.config.cancellationLateFeeBp },
    };
  }

  async quote(p: QuotePayload): Promise<QuoteView> {
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    requireFuture(startsAt, now);
    const snapshot = await this.pricing.price(this.db.manager, {
      customerId: p.customerId,
      startsAt,
      frequency: p.frequency,
      details: p,
      ...(p.discountCode ? { discountCode: p.discountCode } : {}),
      lockDiscount: false,
      now,
    });
    return snapshot as unknown as QuoteView;
  }

  /** Places an order; `requestId` (the message id) makes a redelivered message a no-op. */
  async place(p: PlaceOrderPayload, requestId: string): Promise<OrderView> {
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    requireFuture(startsAt, now);
    return this.db.transaction(async (tx) => {
      const snapshot = await this.pricing.price(tx, {
        customerId: p.customerId,
        startsAt,
        frequency: p.frequency,
        details: p,
        ...(p.discountCode ? { discountCode: p.discountCode } : {}),
        lockDiscount: true,
        now,
      });
      const code = snapshot.codeDiscount;
      if (code && !code.applied) {
        // A redelivered message may find the code used up by its own first delivery.
        const existing = await tx.getRepository(OrderEntity).findOneBy({ requestId });
        if (existing) return this.view(tx, existing);
        throw new OrdersError(
          OrdersErrorReason.DiscountRejected,
          `The discount code cannot be used: ${code.rejection}`,
        );
      }
      const order = await this.insertOrder(tx, {
        id: randomUUID(),
        requestId,
        customerId: p.customerId,
        seriesId: null,
        seriesOriginalStart: null,
        serviceCode: p.serviceCode,
        addOns: (p.addOns ?? []).map((a) => ({ code: a.code, quantity: a.quantity })),
        floorAreaM2: p.floorAreaM2 !== undefined ? String(p.floorAreaM2) : null,
        startsAt,
        frequency: p.frequency,
        address: { street: p.address.street, postalCode: p.address.postalCode, city: p.address.city },
        postalCode: p.address.postalCode,
        latitude: p.latitude ?? null,
        longitude: p.longitude ?? null,
        extraInfo: p.extraInfo ?? null,
        accessNotes: p.accessNotes ?? null,
        pets: p.pets ?? null,
        discountCode: code?.applied ? normaliseCode(code.code) : null,
        paymentMethod: p.paymentMethod,
        priceSnapshot: snapshot,
        // Only a well-formed address is kept (the column is inet).
        placedIp: p.ip && isIP(p.ip) ? p.ip : null,
      });
      if (!order) {
        // The same message delivered again: answer with the order it created.
        const existing = await tx.getRepository(OrderEntity).findOneByOrFail({ requestId });
        return this.view(tx, existing);
      }
      if (order.discountCode) {
        await tx
          .getRepository(DiscountRedemptionEntity)
          .insert({ code: order.discountCode, customerId: order.customerId, orderId: order.id });
      }
      // A new order has no comments or rating yet.
      return customerOrderView(order, [], null);
    });
  }

  /**
   * Inserts an order and writes `order.placed`. For series visits the (series, original start)
   * pair is unique: a second materialisation inserts nothing and returns null.
   */
  async insertOrder(tx: EntityManager, o: NewOrder): Promise<OrderEntity | null> {
    const restricted: unknown[] = await tx.query(`SELECT 1 FROM subject_restrictions WHERE subject_id = $1`, [
      o.customerId,
    ]);
    const now = new Date();
    const values: OrderEntity = Object.assign(new OrderEntity(), {
      ...o,
      restricted: restricted.length > 0,
      status: 'requested' as const,
      durationMinutes: o.priceSnapshot.estimatedMinutes,
      totalCents: o.priceSnapshot.totalGrossCents,
      workCents: o.priceSnapshot.workCents,
      deductionCents: o.priceSnapshot.householdDeduction.estimatedCents,
      providerId: null,
      offerRound: 0,
      escalatedAt: null,
      cancelledBy: null,
      cancellationFeeCents: null,
      cancelledAt: null,
      startedAt: null,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(OrderEntity)
      .values(values)
      .orIgnore()
      .returning('id')
      .execute();
    if ((result.raw as unknown[]).length === 0) return null;
    // Every column is set above, so the inserted row need not be read back.
    const order = values;
    await emit(tx, 'order.placed', {
      ...eventBase(order),
      startsAt: order.startsAt.toISOString(),
      seriesId: order.seriesId,
    });
    return order;
  }

  async list(p: ListOrdersPayload): Promise<OrdersPage<OrderView>> {
    const [rows, total] = await this.db.getRepository(OrderEntity).findAndCount({
      where: { customerId: p.customerId },
      order: { startsAt: 'DESC', id: 'ASC' },
      skip: (p.page - 1) * p.pageSize,
      take: p.pageSize,
    });
    const ids = rows.map((r) => r.id);
    const comments = ids.length
      ? await this.db
          .getRepository(OrderCommentEntity)
          .find({ where: { orderId: In(ids) }, order: { createdAt: 'ASC' } })
      : [];
    const ratings = ids.length
      ? await this.db.getRepository(OrderRatingEntity).findBy({ orderId: In(ids) })
      : [];
    return {
      items: rows.map((o) =>
        customerOrderView(
          o,
          comments.filter((c) => c.orderId === o.id),
          ratings.find((r) => r.orderId === o.id) ?? null,
        ),
      ),
      page: p.page,
      pageSize: p.pageSize,
      total,
    };
  }

  async get(p: CustomerOrderRef): Promise<OrderView> {
    return this.view(this.db.manager, await this.own(this.db.manager, p, false));
  }

  async reschedule(p: RescheduleOrderPayload): Promise<OrderView> {
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    requireFuture(startsAt, now);
    return this.db.transaction(async (tx) => {
      const o = await this.own(tx, p, true);
      if (!['requested', 'offered', 'assigned'].includes(o.status)) {
        throw new OrdersError(
          OrdersErrorReason.IllegalTransition,
          `An order that is ${o.status} cannot be rescheduled`,
        );
      }
      if (o.startsAt.getTime() <= now.getTime()) {
        throw new OrdersError(OrdersErrorReason.AlreadyStarted, 'The visit has already started');
      }
      const previous = o.startsAt;
      await tx.getRepository(OrderEntity).update({ id: o.id }, { startsAt, updatedAt: now });
      const updated = await tx.getRepository(OrderEntity).findOneByOrFail({ id: o.id });
      await emit(tx, 'order.rescheduled', {
        ...eventBase(updated),
        providerId: updated.providerId,
        startsAt: startsAt.toISOString(),
        previousStartsAt: previous.toISOString(),
      });
      return this.view(tx, updated);
    });
  }

  async cancel(p: CustomerOrderRef): Promise<OrderView> {
    return this.db.transaction(async (tx) => {
      const o = await this.own(tx, p, true);
      const cancelled = await this.cancelInTx(tx, o, 'customer', new Date());
      return this.view(tx, cancelled);
    });
  }

  async cancelByCompany(orderId: string): Promise<OrderView> {
    return this.db.transaction(async (tx) => {
      const o = await tx
        .getRepository(OrderEntity)
        .findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw notFound('order');
      return this.view(tx, await this.cancelInTx(tx, o, 'company', new Date()));
    });
  }

  /** Cancels a locked order, applying the cancellation policy; used by series changes too. */
  async cancelInTx(
    tx: EntityManager,
    o: OrderEntity,
    by: 'customer' | 'company',
    now: Date,
  ): Promise<OrderEntity> {
    nextState(o, by === 'customer' ? 'cancel_by_customer' : 'cancel_by_company');
    const decision = evaluateCancellation({
      now,
      start: o.startsAt,
      totalCents: o.totalCents,
      cancelledBy: by,
      policy: this.cancellationPolicy,
    });
    if (!decision.allowed)
      throw new OrdersError(OrdersErrorReason.AlreadyStarted, 'The visit has already started');
    await tx.getRepository(OrderEntity).update(
      { id: o.id },
      {
        status: 'cancelled',
        cancelledBy: by,
        cancellationFeeCents: decision.feeCents,
        cancelledAt: now,
        updatedAt: now,
      },
    );
    await tx
      .getRepository(OrderOfferEntity)
      .update({ orderId: o.id, status: 'open' }, { status: 'withdrawn', decidedAt: now });
    // A cancelled order does not use up the code.
    await tx.getRepository(DiscountRedemptionEntity).delete({ orderId: o.id });
    const updated = await tx.getRepository(OrderEntity).findOneByOrFail({ id: o.id });
    await emit(tx, 'order.cancelled', {
      ...eventBase(updated),
      providerId: updated.providerId,
      startsAt: updated.startsAt.toISOString(),
      cancelledBy: by,
      feeCents: decision.feeCents,
    });
    return updated;
  }

  async rate(p: RateOrderPayload): Promise<OrderView> {
    return this.db.transaction(async (tx) => {
      const o = await this.own(tx, p, true);
      if (o.status !== 'completed' || !o.providerId) {
        throw new OrdersError(OrdersErrorReason.NotCompleted, 'Only a completed visit can be rated');
      }
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(OrderRatingEntity)
        .values({
          orderId: o.id,
          customerId: o.customerId,
          providerId: o.providerId,
          rating: p.rating,
          comment: p.comment ?? null,
        })
        .orIgnore()
        .returning('order_id')
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        throw new OrdersError(OrdersErrorReason.AlreadyRated, 'This visit has already been rated');
      }
      await emit(tx, 'order.rated', { ...eventBase(o), providerId: o.providerId, rating: p.rating });
      return this.view(tx, o);
    });
  }

  /** The customer's own order, or 404 (also for someone else's: its existence is not revealed). */
  private async own(m: EntityManager, p: CustomerOrderRef, lock: boolean): Promise<OrderEntity> {
    const o = await m.getRepository(OrderEntity).findOne({
      where: { id: p.orderId, customerId: p.customerId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!o) throw notFound('order');
    return o;
  }

  async view(m: EntityManager, o: OrderEntity): Promise<OrderView> {
    const comments = await m
      .getRepository(OrderCommentEntity)
      .find({ where: { orderId: o.id }, order: { createdAt: 'ASC' } });
    const rating = await m.getRepository(OrderRatingEntity).findOneBy({ orderId: o.id });
    return customerOrderView(o, comments, rating);
  }
}
