import { Injectable } from '@nestjs/common';
import type { Frequency, OrderDetailsInput } from '@offera/contracts';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { CatalogService, toEngineAddOn, toEngineService } from '../catalog/catalog.service.js';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';
import { DiscountCodesService } from '../discounts/discount-codes.service.js';
import { MoneyError } from '../pricing/money.js';
import { PRICING_TIME_ZONE, PricingInputError, quote } from '../pricing/pricing-engine.js';
import type { PriceSnapshot } from './order.entity.js';

export interface PriceRequest {
  /** null for an anonymous quote: priced as a new customer with no history, never with a code. */
  readonly customerId: string | null;
  readonly startsAt: Date;
  readonly frequency: Frequency;
  readonly details: OrderDetailsInput;
  readonly discountCode?: string;
  /** Lock the discount code's row for the caller's transaction (placing, not quoting). */
  readonly lockDiscount: boolean;
  readonly now: Date;
}

/** Parses a visit start: an ISO date-time, read as Helsinki local time when it has no offset. */
export function parseStart(iso: string): Date {
  const dt = DateTime.fromISO(iso, { zone: PRICING_TIME_ZONE });
  if (!dt.isValid) throw new OrdersError(OrdersErrorReason.InvalidInput, 'startsAt must be an ISO date-time');
  return dt.toJSDate();
}

export function requireFuture(startsAt: Date, now: Date): void {
  if (startsAt.getTime() <= now.getTime()) {
    throw new OrdersError(OrdersErrorReason.StartInPast, 'The visit must start in the future');
  }
}

/** Builds an order's price from the catalogue in force now, the customer's history and a code. */
@Injectable()
export class OrderPricingService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly codes: DiscountCodesService,
  ) {}

  async price(m: EntityManager, r: PriceRequest): Promise<PriceSnapshot> {
    const addOnInputs = r.details.addOns ?? [];
    if (new Set(addOnInputs.map((a) => a.code)).size !== addOnInputs.length) {
      throw new OrdersError(OrdersErrorReason.InvalidInput, 'Each add-on may be listed once');
    }
    const [service, ...addOnItems] = await this.catalog.pricedMany(
      m,
      [
        { kind: 'service', code: r.details.serviceCode },
        ...addOnInputs.map((a) => ({ kind: 'add_on' as const, code: a.code })),
      ],
      r.now,
    );
    const addOns = addOnItems.map((priced, i) => ({ priced, quantity: addOnInputs[i].quantity }));
    const visit = DateTime.fromJSDate(r.startsAt, { zone: PRICING_TIME_ZONE });
    const h = await this.history(m, r.customerId, visit, r.startsAt);
    const discount =
      r.discountCode && r.customerId !== null
        ? await this.codes.lookup(m, r.customerId, r.discountCode, r.lockDiscount)
        : undefined;
    try {
      const q = quote({
        now: r.now.toISOString(),
        visitStart: visit.toISO() ?? '',
        frequency: r.frequency,
        service: toEngineService(service),
        ...(r.details.durationMinutes !== undefined ? { durationMinutes: r.details.durationMinutes } : {}),
        ...(r.details.floorAreaM2 !== undefined ? { floorAreaM2: r.details.floorAreaM2 } : {}),
        addOns: addOns.map((a) => ({ addOn: toEngineAddOn(a.priced), quantity: a.quantity })),
        customer: {
          isNew: (h?.orders ?? 0) === 0,
          earlierWorkCentsThisYear: h?.work ?? 0,
          deductionUsedCentsThisYear: h?.deduction ?? 0,
        },
        ...(discount ? { discount } : {}),
      });
      const itemNames: Record<string, { fi: string; en: string }> = {};
      for (const p of [service, ...addOns.map((a) => a.priced)]) {
        itemNames[`${p.item.kind}:${p.item.code}`] = { fi: p.item.nameFi, en: p.item.nameEn };
      }
      return { ...q, itemNames, priceIds: [service.price.id, ...addOns.map((a) => a.priced.price.id)] };
    } catch (err) {
      if (err instanceof PricingInputError || err instanceof MoneyError) {
        throw new OrdersError(OrdersErrorReason.InvalidInput, err.message);
      }
      throw err;
    }
  }

  /** The customer's orders so far and this year's work and deduction; none for an anonymous quote. */
  private async history(
    m: EntityManager,
    customerId: string | null,
    visit: DateTime,
    startsAt: Date,
  ): Promise<{ orders: number; work: number; deduction: number } | undefined> {
    if (customerId === null) return undefined;
    const rows = await m.query<{ orders: number; work: number; deduction: number }[]>(
      `SELECT count(*) FILTER (WHERE status <> 'cancelled')::int AS orders,
              coalesce(sum(work_cents) FILTER (WHERE status <> 'cancelled' AND starts_at >= $2 AND starts_at < $3), 0)::int AS work,
              coalesce(sum(deduction_cents) FILTER (WHERE status <> 'cancelled' AND starts_at >= $2 AND starts_at < $3), 0)::int AS deduction
         FROM orders WHERE customer_id = $1`,
      [customerId, visit.startOf('year').toJSDate(), startsAt],
    );
    return rows[0];
  }
}
