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
import { BuyerNames } from '../invoices/buyer-names.js';
import { InvoicesService } from '../invoices/invoices.service.js';
import { OrderOfferEntity } from '../offers/order-offer.entity.js';
import { refuseErased } from '../privacy/erased-subjects.js';
import { type CancellationPolicy, evaluateCancellation } from './cancellation-policy.js';
import { SavedAddresses, type WithAddress } from './saved-addresses.js';
import { OrderCommentEntity } from './order-comment.entity.js';
import { announce, emit, eventBase } from './order-events.js';
import { OrderPricingService, parseStart, requireFuture } from './order-pricing.service.js';
import { OrderRatingEntity } from './order-rating.entity.js';
import { type OrderEvent, transition } from './order-state-machine.js';
import { customerOrderView } from './order-views.js';
import { OrderEntity, type PriceSnapshot } from './order.entity.js';

/** Applies a state-machine event or refuses with 409. */
export function nextState(o: Pick<OrderEntity, 'status'>, event: OrderEvent): OrderEntity['status'] {
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
  | 'lastRequestId'
> & { priceSnapshot: PriceSnapshot };

/**
 * Whether this is the message that made the order's (or series') last change, delivered again
 * (its answer was lost after the commit): it answers with it as it is, and changes nothing.
 */
export const redelivered = (
  o: { readonly lastRequestId: string | null },
  requestId: string | undefined,
): boolean => requestId !== undefined && o.lastRequestId === requestId;

/**
 * Thrown inside a cancelling transaction when a late fee must be billed but the buyer's name was
 * not fetched: the transaction rolls back, and `withBuyerName` fetches the name and runs again.
 */
class BuyerNameNeeded extends Error {
  constructor() {
    super('the buyer name is needed to bill a cancellation fee');
    this.name = 'BuyerNameNeeded';
  }
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly db: DataSource,
    private readonly pricing: OrderPricingService,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
    private readonly invoices: InvoicesService,
    private readonly buyers: BuyerNames,
    private readonly savedAddresses: SavedAddresses,
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

  /**
   * Places an order; `requestId` (the message id) makes a redelivered message a no-op. The order,
   * its `order.placed` event and any code redemption are written in one statement; only an order
   * with a discount code needs a transaction, to hold the code's row lock while it is checked.
   */
  async place(given: PlaceOrderPayload, requestId: string): Promise<OrderView> {
    if (given.addressId !== undefined) {
      // A redelivery answers with its order even if the saved address has gone since.
      const existing = await this.db.getRepository(OrderEntity).findOneBy({ requestId });
      if (existing && existing.customerId === given.customerId) return this.view(this.db.manager, existing);
    }
    const p = await this.savedAddresses.resolve(given);
    if (p.frequency !== 'one_off') {
      // A recurring price (and its discount) belongs to a series, whose visits are its orders.
      throw new OrdersError(
        OrdersErrorReason.InvalidInput,
        'frequency must be one_off for a one-off order: recurring visits are booked as a series',
      );
    }
    await refuseErased(this.db.manager, p.customerId);
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    if (startsAt.getTime() <= now.getTime()) {
      // A retry that arrives after the visit began still answers with the order it placed.
      const existing = await this.db.getRepository(OrderEntity).findOneBy({ requestId });
      if (existing && existing.customerId === p.customerId) return this.view(this.db.manager, existing);
    }
    requireFuture(startsAt, now);
    if (!p.discountCode) return this.placeWith(this.db.manager, p, requestId, startsAt, now);
    return this.db.transaction((tx) => this.placeWith(tx, p, requestId, startsAt, now));
  }

  private async placeWith(
    m: EntityManager,
    p: WithAddress<PlaceOrderPayload>,
    requestId: string,
    startsAt: Date,
    now: Date,
  ): Promise<OrderView> {
    const snapshot = await this.pricing.price(m, {
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
      const existing = await m.getRepository(OrderEntity).findOneBy({ requestId });
      if (existing) return this.view(m, existing);
      throw new OrdersError(
        OrdersErrorReason.DiscountRejected,
        `The discount code cannot be used: ${code.rejection}`,
      );
    }
    const order = await this.insertOrder(m, {
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
      const existing = await m.getRepository(OrderEntity).findOneByOrFail({ requestId });
      return this.view(m, existing);
    }
    // A new order has no comments or rating yet.
    return customerOrderView(order, [], null);
  }

  /**
   * Inserts an order with its `order.placed` event and, when it has a discount code, the code's
   * redemption, in one statement (atomic without a transaction). The order starts restricted
   * when its customer is. For series visits the (series, original start) pair is unique: a
   * second materialisation inserts nothing and returns null; so does a repeated `requestId`.
   */
  async insertOrder(m: EntityManager, o: NewOrder): Promise<OrderEntity | null> {
    const now = new Date();
    const order: OrderEntity = Object.assign(new OrderEntity(), {
      ...o,
      restricted: false,
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
    const params: unknown[] = [
      order.id,
      order.requestId,
      order.customerId,
      order.seriesId,
      order.seriesOriginalStart,
      order.serviceCode,
      JSON.stringify(order.addOns),
      order.floorAreaM2,
      order.startsAt,
      order.durationMinutes,
      order.frequency,
      JSON.stringify(order.address),
      order.postalCode,
      order.latitude,
      order.longitude,
      order.extraInfo,
      order.accessNotes,
      order.pets,
      order.discountCode,
      order.paymentMethod,
      JSON.stringify(order.priceSnapshot),
      order.totalCents,
      order.workCents,
      order.deductionCents,
      order.placedIp,
      now,
    ];
    const placed = announce(
      m,
      'o',
      'order.placed',
      { ...eventBase(order), startsAt: order.startsAt.toISOString(), seriesId: order.seriesId },
      params,
    );
    const rows = await m.query<{ restricted: boolean }[]>(
      `WITH o AS (
         INSERT INTO orders (id, request_id, customer_id, series_id, series_original_start, status,
                             service_code, add_ons, floor_area_m2, starts_at, duration_minutes, frequency,
                             address, postal_code, latitude, longitude, extra_info, access_notes, pets,
                             discount_code, payment_method, price_snapshot, total_cents, work_cents,
                             deduction_cents, offer_round, restricted, placed_ip, created_at, updated_at,
                             event_seq)
         VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23, $24, 0,
                 EXISTS (SELECT 1 FROM subject_restrictions WHERE subject_id = $3), $25, $26, $26, 1)
         ON CONFLICT DO NOTHING
         RETURNING id, customer_id, discount_code, restricted, event_seq),
       r AS (
         INSERT INTO discount_redemptions (code, customer_id, order_id)
         SELECT discount_code, customer_id, id FROM o WHERE discount_code IS NOT NULL),
       e AS (${placed})
       SELECT restricted FROM o`,
      params,
    );
    if (rows.length === 0) return null;
    // Every column is set above, so the inserted row need not be read back.
    order.restricted = rows[0].restricted;
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

  async reschedule(p: RescheduleOrderPayload, requestId?: string): Promise<OrderView> {
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    return this.db.transaction(async (tx) => {
      const o = await this.own(tx, p, true);
      if (redelivered(o, requestId)) return this.view(tx, o);
      requireFuture(startsAt, now);
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
      await tx
        .getRepository(OrderEntity)
        .update({ id: o.id }, { startsAt, updatedAt: now, lastRequestId: requestId ?? null });
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

  async cancel(p: CustomerOrderRef, requestId?: string): Promise<OrderView> {
    const now = new Date();
    return this.withBuyerName(p.customerId, (buyerName) =>
      this.db.transaction(async (tx) => {
        const o = await this.own(tx, p, true);
        if (redelivered(o, requestId)) return this.view(tx, o);
        const cancelled = await this.cancelInTx(tx, o, 'customer', now, buyerName, requestId);
        return this.view(tx, cancelled);
      }),
    );
  }

  /**
   * Runs a cancelling `work` without the buyer's name (most cancellations are free); if a late
   * fee has to be billed, it asks the customer register outside any transaction and runs `work`
   * once more with the name.
   */
  async withBuyerName<T>(customerId: string, work: (buyerName: string | null) => Promise<T>): Promise<T> {
    try {
      return await work(null);
    } catch (err) {
      if (!(err instanceof BuyerNameNeeded)) throw err;
    }
    return work(await this.buyers.of(customerId));
  }

  async cancelByCompany(orderId: string, requestId?: string): Promise<OrderView> {
    return this.db.transaction(async (tx) => {
      const o = await tx
        .getRepository(OrderEntity)
        .findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw notFound('order');
      if (redelivered(o, requestId)) return this.view(tx, o);
      // The company's cancellations are free: nothing to bill, no buyer name needed.
      return this.view(tx, await this.cancelInTx(tx, o, 'company', new Date(), null, requestId));
    });
  }

  /**
   * Cancels a locked order, applying the cancellation policy; used by series changes too. A late
   * fee is billed with an invoice in the same transaction; without `buyerName` it throws
   * BuyerNameNeeded before writing this order (run it inside `withBuyerName`).
   */
  async cancelInTx(
    tx: EntityManager,
    o: OrderEntity,
    by: 'customer' | 'company',
    now: Date,
    buyerName: string | null,
    requestId?: string,
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
    if (decision.feeCents > 0 && buyerName === null) throw new BuyerNameNeeded();
    await tx.getRepository(OrderEntity).update(
      { id: o.id },
      {
        status: 'cancelled',
        cancelledBy: by,
        cancellationFeeCents: decision.feeCents,
        cancelledAt: now,
        updatedAt: now,
        lastRequestId: requestId ?? null,
      },
    );
    await tx
      .getRepository(OrderOfferEntity)
      .update({ orderId: o.id, status: 'open' }, { status: 'withdrawn', decidedAt: now });
    // A cancelled order does not use up the code.
    await tx.getRepository(DiscountRedemptionEntity).delete({ orderId: o.id });
    const updated = await tx.getRepository(OrderEntity).findOneByOrFail({ id: o.id });
    if (decision.feeCents > 0 && buyerName !== null) {
      await this.invoices.createForCancellationFee(tx, updated, decision.feeCents, buyerName, now);
    }
    await emit(tx, 'order.cancelled', {
      ...eventBase(updated),
      providerId: updated.providerId,
      startsAt: updated.startsAt.toISOString(),
      cancelledBy: by,
      feeCents: decision.feeCents,
    });
    return updated;
  }

  async rate(p: RateOrderPayload, requestId?: string): Promise<OrderView> {
    return this.db.transaction(async (tx) => {
      const o = await this.own(tx, p, true);
      if (redelivered(o, requestId)) return this.view(tx, o);
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
      if (requestId) await tx.getRepository(OrderEntity).update({ id: o.id }, { lastRequestId: requestId });
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
