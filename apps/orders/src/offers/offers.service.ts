import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import {
  type EscalatedOrderView,
  type OfferResult,
  type ProviderOfferView,
  type ProviderOrderView,
  RELEASE_REASON_MAX_LENGTH,
} from '@offera/contracts';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { BuyerNames } from '../invoices/buyer-names.js';
import { OrdersError, OrdersErrorReason, notFound } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { OrderCommentEntity } from '../orders/order-comment.entity.js';
import { announce, emit, eventBase } from '../orders/order-events.js';
import { type OrderState, transition } from '../orders/order-state-machine.js';
import { type ProviderAccess, providerAccess, providerOrderView } from '../orders/order-views.js';
import { OrderEntity } from '../orders/order.entity.js';
import { nextState, redelivered } from '../orders/orders.service.js';
import { EligibleProviders } from './eligible-providers.js';
import { OrderOfferEntity } from './order-offer.entity.js';
import { evaluateRelease } from './release-policy.js';

/** The columns offering reads, as Postgres returns them. */
interface OfferStateRow {
  id: string;
  customer_id: string;
  status: OrderState;
  restricted: boolean;
  offer_round: number;
  starts_at: Date | string;
  escalated_at: Date | string | null;
  postal_code: string;
  service_code: string;
  released: string[];
  version: string;
}

interface OfferState {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderState;
  readonly restricted: boolean;
  readonly offerRound: number;
  readonly startsAt: Date;
  readonly escalatedAt: Date | null;
  readonly postalCode: string;
  readonly serviceCode: string;
  /** Providers who released this order after accepting it: left out of its automatic rounds. */
  readonly released: readonly string[];
  /** The row version read (`xmin`): a conditional write applies only while it is current. */
  readonly version: string;
}

@Injectable()
export class OffersService {
  constructor(
    private readonly db: DataSource,
    private readonly eligible: EligibleProviders,
    private readonly buyers: BuyerNames,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /**
   * Offers a requested order to providers (given, or the eligible ones). Orders that are not
   * requested any more, or are restricted, are left alone, so a redelivered event is a no-op.
   * With nobody to offer to, or after the last round, the order is escalated to an operator.
   *
   * The decision is made on the row as first read, and its write (one statement, with the
   * `order.offered` event) applies only if that row version is still current; if the order
   * changed in between, it is decided again on the locked row, as before.
   */
  async offer(orderId: string, providerIds?: readonly string[]): Promise<OfferResult> {
    const peek = await this.offerState(this.db.manager, orderId, false);
    if (!peek) throw notFound('order');
    const candidates =
      providerIds ?? (peek.restricted ? [] : await this.eligible.find(peek.postalCode, peek.serviceCode));
    const done = await this.decideAndWrite(this.db.manager, peek, candidates, providerIds, false);
    if (done) return { ...done, orderId };
    return this.db.transaction(async (tx) => {
      const o = await this.offerState(tx, orderId, true);
      if (!o) throw notFound('order');
      const result = await this.decideAndWrite(tx, o, candidates, providerIds, true);
      // The row is locked, so its version cannot have moved.
      if (!result) throw new Error('a locked order changed under its lock');
      return { ...result, orderId };
    });
  }

  /** What offering needs of an order, and its row version (`xmin`); `lock` takes the row lock. */
  private async offerState(m: EntityManager, orderId: string, lock: boolean): Promise<OfferState | null> {
    const rows = await m.query<OfferStateRow[]>(
      `SELECT id, customer_id, status, restricted, offer_round, starts_at, escalated_at, postal_code,
              service_code, xmin::text AS version,
              ARRAY(SELECT f.provider_id::text FROM order_offers f
                     WHERE f.order_id = orders.id AND f.status = 'released') AS released
         FROM orders WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [orderId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      customerId: r.customer_id,
      status: r.status,
      restricted: r.restricted,
      offerRound: r.offer_round,
      startsAt: new Date(r.starts_at),
      escalatedAt: r.escalated_at === null ? null : new Date(r.escalated_at),
      postalCode: r.postal_code,
      serviceCode: r.service_code,
      released: r.released,
      version: r.version,
    };
  }

  /**
   * Decides on `o` and writes the outcome with a statement conditional on `o.version`. Returns
   * null when the row has moved on (or, unless `final`, when the move would be illegal from the
   * state read), so the caller decides again on the locked row.
   */
  private async decideAndWrite(
    m: EntityManager,
    o: OfferState,
    candidates: readonly string[],
    providerIds: readonly string[] | undefined,
    final: boolean,
  ): Promise<OfferResult | null> {
    const result = (escalated: boolean, offeredTo = 0): OfferResult => ({
      orderId: o.id,
      status: o.status,
      offeredTo,
      escalated,
    });
    if (o.restricted) return result(false);
    if (providerIds === undefined && o.status !== 'requested') return result(false);
    const now = new Date();
    // An operator's explicit choice stands; automatic rounds skip whoever gave the job back.
    const unique = [...new Set(candidates)].filter(
      (id) => providerIds !== undefined || !o.released.includes(id),
    );
    const automaticRoundsUsed = providerIds === undefined && o.offerRound >= this.config.offerMaxRounds;
    if (unique.length === 0 || automaticRoundsUsed || o.startsAt.getTime() <= now.getTime()) {
      if (o.escalatedAt) return result(true);
      const escalated = await m.query<{ id: string }[]>(
        `WITH u AS (
           UPDATE orders SET escalated_at = $3, updated_at = $3
            WHERE id = $1 AND xmin = $2::text::xid RETURNING id)
         SELECT id FROM u`,
        [o.id, o.version, now],
      );
      return escalated.length ? result(true) : null;
    }
    if (!final && !transition(o.status, 'offer').ok) return null;
    const status = nextState(o, 'offer');
    const round = o.offerRound + 1;
    const expiresAt = new Date(
      Math.min(now.getTime() + this.config.offerTtlMinutes * 60_000, o.startsAt.getTime()),
    );
    const params: unknown[] = [o.id, o.version, status, round, now, expiresAt, unique];
    const event = announce(
      m,
      'u',
      'order.offered',
      {
        ...eventBase(o),
        providerIds: unique,
        expiresAt: expiresAt.toISOString(),
        startsAt: o.startsAt.toISOString(),
      },
      params,
    );
    const offered = await m.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE orders SET status = $3, offer_round = $4, escalated_at = NULL, updated_at = $5,
                           event_seq = event_seq + 1
          WHERE id = $1 AND xmin = $2::text::xid RETURNING id, event_seq),
       f AS (
         INSERT INTO order_offers (order_id, provider_id, round, status, expires_at)
         SELECT u.id, p.provider_id, $4, 'open', $6
           FROM u, unnest($7::uuid[]) AS p (provider_id)),
       e AS (${event})
       SELECT id FROM u`,
      params,
    );
    return offered.length ? { orderId: o.id, status, offeredTo: unique.length, escalated: false } : null;
  }

  async listEscalated(): Promise<EscalatedOrderView[]> {
    const rows = await this.db.getRepository(OrderEntity).find({
      where: { status: 'requested', escalatedAt: Not(IsNull()), restricted: false },
      order: { startsAt: 'ASC' },
      take: 500,
    });
    return rows.map((o) => ({
      id: o.id,
      serviceCode: o.serviceCode,
      postalCode: o.postalCode,
      startsAt: o.startsAt.toISOString(),
      escalatedAt: (o.escalatedAt ?? o.updatedAt).toISOString(),
      offerRounds: o.offerRound,
    }));
  }

  async listOffers(providerId: string): Promise<ProviderOfferView[]> {
    const offers = await this.db
      .getRepository(OrderOfferEntity)
      .createQueryBuilder('f')
      .innerJoin(OrderEntity, 'o', 'o.id = f.order_id')
      .where(
        "f.provider_id = :providerId AND f.status = 'open' AND f.expires_at > now() AND o.status = 'offered'",
        {
          providerId,
        },
      )
      .orderBy('f.expires_at', 'ASC')
      .getMany();
    const orders = offers.length
      ? await this.db.getRepository(OrderEntity).findBy({ id: In(offers.map((f) => f.orderId)) })
      : [];
    return offers.flatMap((f) => {
      const o = orders.find((x) => x.id === f.orderId);
      return o
        ? [
            {
              offerId: f.id,
              expiresAt: f.expiresAt.toISOString(),
              // Offered, not yet theirs: only what deciding needs.
              order: providerOrderView(o, [], 'offer'),
            },
          ]
        : [];
    });
  }

  /**
   * The first provider to accept gets the order. The database decides: the order moves to
   * `assigned` with a conditional UPDATE (status still `offered`), which concurrent acceptances
   * serialise on; the loser's UPDATE matches no row and gets 409. A partial unique index on
   * accepted offers backs this up.
   */
  async accept(providerId: string, offerId: string): Promise<ProviderOrderView> {
    return this.db.transaction(async (tx) => {
      const offer = await tx.getRepository(OrderOfferEntity).findOneBy({ id: offerId, providerId });
      if (!offer) throw notFound('offer');
      if (offer.status === 'accepted') return this.providerView(tx, offer.orderId, providerId);
      const now = new Date();
      if (offer.status !== 'open' || offer.expiresAt.getTime() <= now.getTime()) {
        throw new OrdersError(OrdersErrorReason.OfferGone, 'This offer is no longer open');
      }
      const won: unknown[] = await tx.query(
        `UPDATE orders SET status = 'assigned', provider_id = $2, updated_at = now()
          WHERE id = $1 AND status = 'offered' RETURNING id`,
        [offer.orderId, providerId],
      );
      // pg returns [rows, count] for UPDATE … RETURNING through TypeORM.
      const rows = Array.isArray(won[0]) ? (won[0] as unknown[]) : won;
      if (rows.length === 0)
        throw new OrdersError(OrdersErrorReason.OfferTaken, 'Another provider accepted this order first');
      await tx
        .getRepository(OrderOfferEntity)
        .update({ id: offer.id }, { status: 'accepted', decidedAt: now });
      await tx
        .getRepository(OrderOfferEntity)
        .update({ orderId: offer.orderId, status: 'open' }, { status: 'lost', decidedAt: now });
      const o = await tx.getRepository(OrderEntity).findOneByOrFail({ id: offer.orderId });
      await emit(tx, 'order.assigned', { ...eventBase(o), providerId, startsAt: o.startsAt.toISOString() });
      return providerOrderView(o, [], 'full');
    });
  }

  /**
   * The assigned provider gives the job back, until `providerReleaseHours` before the start.
   * The order is `requested` again and, once `order.released` is handled (as `order.placed`
   * is), offered to the other eligible providers; the releasing provider's offer becomes
   * `released`, which keeps them out of its next rounds and ends their access at once.
   */
  async release(
    providerId: string,
    orderId: string,
    reason: string | undefined,
    requestId?: string,
  ): Promise<ProviderOrderView> {
    const why = reason === undefined ? null : reason.trim();
    if (why !== null && (why.length < 1 || why.length > RELEASE_REASON_MAX_LENGTH)) {
      throw new OrdersError(
        OrdersErrorReason.InvalidInput,
        `reason must be 1 to ${RELEASE_REASON_MAX_LENGTH} characters`,
      );
    }
    return this.db.transaction(async (tx) => {
      const o = await tx
        .getRepository(OrderEntity)
        .findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      // This release delivered again: the order is no longer theirs, and they see what they saw.
      if (o && redelivered(o, requestId)) {
        return providerOrderView(o, [], 'offer');
      }
      if (!o || o.providerId !== providerId) throw notFound('order');
      const status = nextState(o, 'provider_withdrew');
      const now = new Date();
      const hours = this.config.providerReleaseHours;
      const decision = evaluateRelease({ now, start: o.startsAt, hoursBefore: hours });
      if (!decision.allowed) {
        throw new OrdersError(
          OrdersErrorReason.ReleaseTooLate,
          `A job can be released until ${hours} hours before the visit (until ${decision.releasableUntil})`,
        );
      }
      await tx
        .getRepository(OrderEntity)
        .update({ id: o.id }, { status, providerId: null, updatedAt: now, lastRequestId: requestId ?? null });
      await tx
        .getRepository(OrderOfferEntity)
        .update(
          { orderId: o.id, providerId, status: 'accepted' },
          { status: 'released', decidedAt: now, releaseReason: why },
        );
      await emit(tx, 'order.released', { ...eventBase(o), providerId, startsAt: o.startsAt.toISOString() });
      // What they last saw of it, without the private details they no longer may see.
      return providerOrderView(Object.assign(o, { status, providerId: null }), [], 'offer');
    });
  }

  /** Offers whose time ran out: the order goes back to requested and is offered again or escalated. */
  async expireOffers(now: Date): Promise<number> {
    const due = await this.db.query<{ id: string }[]>(
      `SELECT o.id FROM orders o
        WHERE o.status = 'offered'
          AND NOT EXISTS (SELECT 1 FROM order_offers f WHERE f.order_id = o.id AND f.status = 'open' AND f.expires_at > $1)
        LIMIT 500`,
      [now],
    );
    let processed = 0;
    for (const { id } of due) {
      const expired = await this.db.transaction(async (tx) => {
        const o = await tx.getRepository(OrderEntity).findOne({
          where: { id, status: 'offered' },
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        if (!o) return false;
        const open = await tx.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM order_offers WHERE order_id = $1 AND status = 'open' AND expires_at > $2`,
          [id, now],
        );
        if ((open[0]?.n ?? 0) > 0) return false;
        await tx
          .getRepository(OrderOfferEntity)
          .update({ orderId: id, status: 'open' }, { status: 'expired', decidedAt: now });
        await tx
          .getRepository(OrderEntity)
          .update({ id }, { status: nextState(o, 'offer_expired'), updatedAt: now });
        return true;
      });
      if (expired) {
        processed += 1;
        await this.offer(id);
      }
    }
    return processed;
  }

  async listOrders(providerId: string): Promise<ProviderOrderView[]> {
    const orders = await this.db
      .getRepository(OrderEntity)
      .find({ where: { providerId }, order: { startsAt: 'ASC' } });
    const comments = await this.comments(
      this.db.manager,
      orders.map((o) => o.id),
    );
    const now = new Date();
    return orders.map((o) => providerOrderView(o, comments.get(o.id) ?? [], this.access(o, providerId, now)));
  }

  /** What this provider may see of an order of theirs now. */
  access(o: OrderEntity, providerId: string, now = new Date()): ProviderAccess {
    return providerAccess(o, providerId, now, this.config.providerDetailsDays);
  }

  /**
   * One job as this provider may see it, with the customer's name (asked from the customer
   * register, outside any transaction) when its details are shown to them.
   */
  async providerOrder(orderId: string, providerId: string): Promise<ProviderOrderView> {
    const view = await this.providerView(this.db.manager, orderId, providerId);
    if (view.address === null) return view;
    const o = await this.db.getRepository(OrderEntity).findOneByOrFail({ id: orderId });
    try {
      return { ...view, customerName: await this.buyers.of(o.customerId) };
    } catch (err) {
      // Erased from the register meanwhile: the job is shown without a name.
      if (err instanceof OrdersError && err.reason === OrdersErrorReason.BuyerUnknown) return view;
      throw err;
    }
  }

  /** The order as this provider may see it; 404 unless it is or was theirs, or is offered to them now. */
  async providerView(m: EntityManager, orderId: string, providerId: string): Promise<ProviderOrderView> {
    const o = await m.getRepository(OrderEntity).findOneBy({ id: orderId });
    if (!o) throw notFound('order');
    if (o.providerId === providerId) {
      const comments = (await this.comments(m, [o.id])).get(o.id) ?? [];
      return providerOrderView(o, comments, this.access(o, providerId));
    }
    if (o.status === 'offered') {
      const offered = await m
        .getRepository(OrderOfferEntity)
        .createQueryBuilder('f')
        .where(
          "f.order_id = :orderId AND f.provider_id = :providerId AND f.status = 'open' AND f.expires_at > now()",
          {
            orderId,
            providerId,
          },
        )
        .getExists();
      if (offered) return providerOrderView(o, [], 'offer');
    }
    throw notFound('order');
  }

  private async comments(
    m: EntityManager,
    orderIds: readonly string[],
  ): Promise<Map<string, OrderCommentEntity[]>> {
    const out = new Map<string, OrderCommentEntity[]>();
    if (orderIds.length === 0) return out;
    const rows = await m
      .getRepository(OrderCommentEntity)
      .find({ where: { orderId: In([...orderIds]) }, order: { createdAt: 'ASC' } });
    for (const c of rows) out.set(c.orderId, [...(out.get(c.orderId) ?? []), c]);
    return out;
  }
}
