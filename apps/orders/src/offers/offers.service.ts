import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  EscalatedOrderView,
  OfferResult,
  ProviderOfferView,
  ProviderOrderView,
} from '@offera/contracts';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { OrdersError, OrdersErrorReason, notFound } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { OrderCommentEntity } from '../orders/order-comment.entity.js';
import { emit, eventBase } from '../orders/order-events.js';
import { providerOrderView } from '../orders/order-views.js';
import { OrderEntity } from '../orders/order.entity.js';
import { nextState } from '../orders/orders.service.js';
import { EligibleProviders } from './eligible-providers.js';
import { OrderOfferEntity } from './order-offer.entity.js';

@Injectable()
export class OffersService {
  constructor(
    private readonly db: DataSource,
    private readonly eligible: EligibleProviders,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /**
   * Offers a requested order to providers (given, or the eligible ones). Orders that are not
   * requested any more, or are restricted, are left alone, so a redelivered event is a no-op.
   * With nobody to offer to, or after the last round, the order is escalated to an operator.
   */
  async offer(orderId: string, providerIds?: readonly string[]): Promise<OfferResult> {
    const peek = await this.db.getRepository(OrderEntity).findOneBy({ id: orderId });
    if (!peek) throw notFound('order');
    const candidates =
      providerIds ?? (peek.restricted ? [] : await this.eligible.find(peek.postalCode, peek.serviceCode));
    return this.db.transaction(async (tx) => {
      const o = await tx
        .getRepository(OrderEntity)
        .findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw notFound('order');
      const result = (escalated: boolean, offeredTo = 0): OfferResult => ({
        orderId,
        status: o.status,
        offeredTo,
        escalated,
      });
      if (o.restricted) return result(false);
      if (providerIds === undefined && o.status !== 'requested') return result(false);
      const now = new Date();
      const unique = [...new Set(candidates)];
      const automaticRoundsUsed = providerIds === undefined && o.offerRound >= this.config.offerMaxRounds;
      if (unique.length === 0 || automaticRoundsUsed || o.startsAt.getTime() <= now.getTime()) {
        if (!o.escalatedAt)
          await tx.getRepository(OrderEntity).update({ id: o.id }, { escalatedAt: now, updatedAt: now });
        return result(true);
      }
      const status = nextState(o, 'offer');
      const round = o.offerRound + 1;
      const expiresAt = new Date(
        Math.min(now.getTime() + this.config.offerTtlMinutes * 60_000, o.startsAt.getTime()),
      );
      await tx.getRepository(OrderOfferEntity).insert(
        unique.map((providerId) => ({
          orderId: o.id,
          providerId,
          round,
          status: 'open' as const,
          expiresAt,
        })),
      );
      await tx
        .getRepository(OrderEntity)
        .update({ id: o.id }, { status, offerRound: round, escalatedAt: null, updatedAt: now });
      await emit(tx, 'order.offered', {
        ...eventBase(o),
        providerIds: unique,
        expiresAt: expiresAt.toISOString(),
        startsAt: o.startsAt.toISOString(),
      });
      return { orderId, status, offeredTo: unique.length, escalated: false };
    });
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
    const comments = await this.comments(
      this.db.manager,
      orders.map((o) => o.id),
    );
    return offers.flatMap((f) => {
      const o = orders.find((x) => x.id === f.orderId);
      return o
        ? [
            {
              offerId: f.id,
              expiresAt: f.expiresAt.toISOString(),
              order: providerOrderView(o, comments.get(o.id) ?? [], true),
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
      return providerOrderView(o, [], true);
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
    return orders.map((o) => providerOrderView(o, comments.get(o.id) ?? [], showsPrivate(o, providerId)));
  }

  /** The order as this provider may see it; 404 unless it is or was theirs, or is offered to them now. */
  async providerView(m: EntityManager, orderId: string, providerId: string): Promise<ProviderOrderView> {
    const o = await m.getRepository(OrderEntity).findOneBy({ id: orderId });
    if (!o) throw notFound('order');
    const comments = (await this.comments(m, [o.id])).get(o.id) ?? [];
    if (o.providerId === providerId) return providerOrderView(o, comments, showsPrivate(o, providerId));
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
      if (offered) return providerOrderView(o, comments, true);
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

/** Private details only while the job is theirs and not yet done. */
export function showsPrivate(o: OrderEntity, providerId: string): boolean {
  return o.providerId === providerId && (o.status === 'assigned' || o.status === 'in_progress');
}
