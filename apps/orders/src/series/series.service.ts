import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  ChangeSeriesFromPayload,
  CreateSeriesPayload,
  EndSeriesPayload,
  PauseSeriesPayload,
  RescheduleOccurrencePayload,
  SeriesDatePayload,
  SeriesRef,
  SeriesView,
} from '@offera/contracts';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager, MoreThanOrEqual } from 'typeorm';
import { OrdersError, OrdersErrorReason, notFound } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { emit, eventBase } from '../orders/order-events.js';
import { OrderPricingService } from '../orders/order-pricing.service.js';
import { OrderEntity } from '../orders/order.entity.js';
import { OrdersService, redelivered } from '../orders/orders.service.js';
import { SavedAddresses } from '../orders/saved-addresses.js';
import { OrderSeriesEntity } from './order-series.entity.js';
import { refuseErased } from '../privacy/erased-subjects.js';
import {
  occurrencesToMaterialise,
  RecurrenceError,
  type RecurringSeries,
  rescheduleOccurrence,
  SERIES_TIME_ZONE,
  skipOccurrence,
  splitSeries,
} from './recurrence.js';
import { announceSeries } from './series-announcement.js';
import { frequencyOf, type SeriesTemplate } from './series-template.js';

const ACTIVE = ['requested', 'offered', 'assigned'] as const;

function toRecurring(s: OrderSeriesEntity): RecurringSeries {
  return {
    rule: s.rule,
    start: s.startLocal,
    durationMinutes: s.durationMinutes,
    skipped: s.skipped,
    rescheduled: s.rescheduled,
    pausedUntil: s.pausedUntil,
    endsOn: s.endsOn,
  };
}

/** Runs recurrence arithmetic, turning its input errors into 400s. */
function recurrence<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RecurrenceError) throw new OrdersError(OrdersErrorReason.InvalidInput, err.message);
    throw err;
  }
}

/** A 'YYYY-MM-DD' date that exists, or a 400. */
function validDate(value: string, what: string): string {
  const d = DateTime.fromISO(value, { zone: SERIES_TIME_ZONE });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !d.isValid) {
    throw new OrdersError(OrdersErrorReason.InvalidInput, `${what} must be a valid YYYY-MM-DD date`);
  }
  return value;
}

const today = (now: Date): string => DateTime.fromJSDate(now, { zone: SERIES_TIME_ZONE }).toISODate() ?? '';

@Injectable()
export class SeriesService {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrdersService,
    private readonly pricing: OrderPricingService,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
    private readonly savedAddresses: SavedAddresses,
  ) {}

  async create(given: CreateSeriesPayload, requestId: string): Promise<SeriesView> {
    await refuseErased(this.db.manager, given.customerId);
    if (given.addressId !== undefined) {
      // A redelivery answers with its series even if the saved address has gone since.
      const existing = await this.db
        .getRepository(OrderSeriesEntity)
        .findOneBy({ requestId, customerId: given.customerId });
      if (existing) return this.view(this.db.manager, existing, new Date());
    }
    const p = await this.savedAddresses.resolve(given);
    const now = new Date();
    const template: SeriesTemplate = {
      serviceCode: p.serviceCode,
      addOns: (p.addOns ?? []).map((a) => ({ code: a.code, quantity: a.quantity })),
      ...(p.durationMinutes !== undefined ? { workMinutes: p.durationMinutes } : {}),
      ...(p.floorAreaM2 !== undefined ? { floorAreaM2: p.floorAreaM2 } : {}),
      address: { street: p.address.street, postalCode: p.address.postalCode, city: p.address.city },
      latitude: p.latitude ?? null,
      longitude: p.longitude ?? null,
      extraInfo: p.extraInfo ?? null,
      accessNotes: p.accessNotes ?? null,
      pets: p.pets ?? null,
      paymentMethod: p.paymentMethod,
      ip: p.ip && isIP(p.ip) ? p.ip : null,
    };
    const first = DateTime.fromISO(p.start, { zone: SERIES_TIME_ZONE });
    if (!first.isValid || first.toJSDate() <= now) {
      throw new OrdersError(OrdersErrorReason.StartInPast, 'The series must start in the future');
    }
    return this.db.transaction(async (tx) => {
      // Prices the first visit: validates the service, add-ons and area, and gives the visit length.
      const price = await this.price(tx, p.customerId, template, frequencyOf(p.rule), first.toJSDate(), now);
      const entity = tx.getRepository(OrderSeriesEntity).create({
        id: randomUUID(),
        customerId: p.customerId,
        status: 'active',
        rule: p.rule,
        startLocal: p.start,
        durationMinutes: price.estimatedMinutes,
        skipped: [],
        rescheduled: [],
        pausedUntil: null,
        endsOn: p.endsOn ?? null,
        template,
        previousSeriesId: null,
        requestId,
      });
      recurrence(() => occurrencesToMaterialise(toRecurring(entity), now.toISOString(), 1, []));
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(OrderSeriesEntity)
        .values(entity)
        .orIgnore()
        .returning('id')
        .execute();
      if (!(inserted.raw as unknown[]).length) {
        // The same request again (a redelivery, or a retry with the same Idempotency-Key).
        const existing = await tx
          .getRepository(OrderSeriesEntity)
          .findOneByOrFail({ requestId, customerId: p.customerId });
        return this.view(tx, existing, now);
      }
      await this.materialiseOne(tx, entity, now);
      await announceSeries(tx, entity, price.totalGrossCents);
      return this.view(tx, entity, now);
    });
  }

  /** The repeatable job: each active series gets its visits for the coming weeks. Running it twice creates nothing twice. */
  async materialiseAll(now: Date): Promise<{ series: number; created: number }> {
    const ids = await this.db
      .getRepository(OrderSeriesEntity)
      .find({ select: { id: true }, where: { status: 'active' } });
    let created = 0;
    for (const { id } of ids) {
      created += await this.db.transaction(async (tx) => {
        const s = await tx.getRepository(OrderSeriesEntity).findOne({
          where: { id, status: 'active' },
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        return s ? this.materialiseOne(tx, s, now) : 0;
      });
    }
    return { series: ids.length, created };
  }

  private async materialiseOne(tx: EntityManager, s: OrderSeriesEntity, now: Date): Promise<number> {
    const existing = await tx.query<{ start: Date }[]>(
      `SELECT series_original_start AS start FROM orders WHERE series_id = $1 AND series_original_start >= $2`,
      [s.id, new Date(now.getTime() - 86_400_000)],
    );
    const due = recurrence(() =>
      occurrencesToMaterialise(
        toRecurring(s),
        now.toISOString(),
        this.config.seriesMaterialiseWeeks,
        existing.map((r) => new Date(r.start).toISOString()),
      ),
    );
    let created = 0;
    for (const occ of due) {
      const startsAt = new Date(occ.start);
      const snapshot = await this.price(tx, s.customerId, s.template, frequencyOf(s.rule), startsAt, now);
      const t = s.template;
      const order = await this.orders.insertOrder(tx, {
        id: randomUUID(),
        requestId: null,
        customerId: s.customerId,
        seriesId: s.id,
        seriesOriginalStart: new Date(occ.originalStart),
        serviceCode: t.serviceCode,
        addOns: [...t.addOns],
        floorAreaM2: t.floorAreaM2 !== undefined ? String(t.floorAreaM2) : null,
        startsAt,
        frequency: frequencyOf(s.rule),
        address: t.address,
        postalCode: t.address.postalCode,
        latitude: t.latitude,
        longitude: t.longitude,
        extraInfo: t.extraInfo,
        accessNotes: t.accessNotes,
        pets: t.pets,
        discountCode: null,
        paymentMethod: t.paymentMethod,
        priceSnapshot: snapshot,
        placedIp: t.ip,
      });
      if (order) created += 1;
    }
    return created;
  }

  private price(
    tx: EntityManager,
    customerId: string,
    t: SeriesTemplate,
    frequency: ReturnType<typeof frequencyOf>,
    startsAt: Date,
    now: Date,
  ) {
    return this.pricing.price(tx, {
      customerId,
      startsAt,
      frequency,
      details: {
        serviceCode: t.serviceCode,
        addOns: t.addOns,
        ...(t.workMinutes !== undefined ? { durationMinutes: t.workMinutes } : {}),
        ...(t.floorAreaM2 !== undefined ? { floorAreaM2: t.floorAreaM2 } : {}),
      },
      lockDiscount: false,
      now,
    });
  }

  async list(customerId: string): Promise<SeriesView[]> {
    const now = new Date();
    const rows = await this.db
      .getRepository(OrderSeriesEntity)
      .find({ where: { customerId }, order: { createdAt: 'ASC' } });
    return Promise.all(rows.map((s) => this.view(this.db.manager, s, now)));
  }

  async get(p: SeriesRef): Promise<SeriesView> {
    const s = await this.db
      .getRepository(OrderSeriesEntity)
      .findOneBy({ id: p.seriesId, customerId: p.customerId });
    if (!s) throw notFound('series');
    return this.view(this.db.manager, s, new Date());
  }

  async skip(p: SeriesDatePayload, requestId?: string): Promise<SeriesView> {
    return this.change(p, requestId, async (tx, s, now, buyerName) => {
      const next = recurrence(() => skipOccurrence(toRecurring(s), p.date));
      await this.save(tx, s, next);
      await this.cancelVisits(tx, s.id, now, 'date = $3', [p.date], buyerName);
    });
  }

  async rescheduleOne(p: RescheduleOccurrencePayload, requestId?: string): Promise<SeriesView> {
    return this.change(p, requestId, async (tx, s, now) => {
      const next = recurrence(() =>
        rescheduleOccurrence(toRecurring(s), p.date, p.newStart, p.durationMinutes),
      );
      const newStart = DateTime.fromISO(p.newStart, { zone: SERIES_TIME_ZONE }).toJSDate();
      if (newStart <= now)
        throw new OrdersError(OrdersErrorReason.StartInPast, 'The visit must start in the future');
      await this.save(tx, s, next);
      const visits = await this.visits(tx, s.id, 'date = $3', [p.date]);
      for (const o of visits) {
        const previous = o.startsAt;
        await tx.getRepository(OrderEntity).update(
          { id: o.id },
          {
            startsAt: newStart,
            ...(p.durationMinutes ? { durationMinutes: p.durationMinutes } : {}),
            updatedAt: now,
          },
        );
        await emit(tx, 'order.rescheduled', {
          ...eventBase(o),
          providerId: o.providerId,
          startsAt: newStart.toISOString(),
          previousStartsAt: previous.toISOString(),
        });
      }
    });
  }

  async pause(p: PauseSeriesPayload, requestId?: string): Promise<SeriesView> {
    validDate(p.until, 'until');
    return this.change(p, requestId, async (tx, s, now, buyerName) => {
      await this.save(tx, s, { ...toRecurring(s), pausedUntil: p.until });
      await this.cancelVisits(tx, s.id, now, 'date < $3', [p.until], buyerName);
    });
  }

  async end(p: EndSeriesPayload, requestId?: string): Promise<SeriesView> {
    if (p.on !== undefined) validDate(p.on, 'on');
    return this.change(p, requestId, async (tx, s, now, buyerName) => {
      const on = p.on ?? today(now);
      await this.save(tx, s, { ...toRecurring(s), endsOn: on }, on <= today(now) ? 'ended' : 'active');
      await this.cancelVisits(tx, s.id, now, 'date > $3', [on], buyerName);
    });
  }

  /** "This and future": the old series ends before `date`, a new one carries the changes from there. */
  async changeFrom(p: ChangeSeriesFromPayload, requestId?: string): Promise<SeriesView> {
    const now = new Date();
    return this.orders.withBuyerName(p.customerId, (buyerName) =>
      this.db.transaction(async (tx) => {
        const s = await this.lockOwn(tx, p, requestId);
        if (redelivered(s, requestId)) {
          // Delivered again: the series it made carries the changes.
          const successor = await tx.getRepository(OrderSeriesEntity).findOneBy({ previousSeriesId: s.id });
          if (successor) return this.view(tx, successor, now);
        }
        const [old, next] = recurrence(() =>
          splitSeries(toRecurring(s), p.date, {
            ...(p.rule ? { rule: p.rule } : {}),
            ...(p.start ? { start: p.start } : {}),
            ...(p.durationMinutes ? { durationMinutes: p.durationMinutes } : {}),
            ...(p.endsOn !== undefined ? { endsOn: p.endsOn } : {}),
          }),
        );
        s.lastRequestId = requestId ?? null;
        await this.save(tx, s, old, 'ended');
        await this.cancelVisits(tx, s.id, now, 'date >= $3', [p.date], buyerName);
        const created = tx.getRepository(OrderSeriesEntity).create({
          id: randomUUID(),
          customerId: s.customerId,
          status: 'active',
          rule: next.rule,
          startLocal: next.start,
          durationMinutes: next.durationMinutes,
          skipped: [...(next.skipped ?? [])],
          rescheduled: [...(next.rescheduled ?? [])],
          pausedUntil: next.pausedUntil ?? null,
          endsOn: next.endsOn ?? null,
          template: s.template,
          previousSeriesId: s.id,
          requestId: null,
        });
        await tx.getRepository(OrderSeriesEntity).insert(created);
        await this.materialiseOne(tx, created, now);
        await announceSeries(tx, created);
        return this.view(tx, created, now);
      }),
    );
  }

  private async change(
    p: SeriesRef,
    requestId: string | undefined,
    fn: (tx: EntityManager, s: OrderSeriesEntity, now: Date, buyerName: string | null) => Promise<void>,
  ): Promise<SeriesView> {
    const now = new Date();
    // Cancelling a visit late bills its fee, which needs the buyer's name (see withBuyerName).
    return this.orders.withBuyerName(p.customerId, (buyerName) =>
      this.db.transaction(async (tx) => {
        const s = await this.lockOwn(tx, p, requestId);
        // Delivered again after it made its change: the series as it is now.
        if (redelivered(s, requestId)) return this.view(tx, s, now);
        // Written by `save` with the change itself.
        s.lastRequestId = requestId ?? null;
        await fn(tx, s, now, buyerName);
        await this.materialiseOne(
          tx,
          await tx.getRepository(OrderSeriesEntity).findOneByOrFail({ id: s.id }),
          now,
        );
        return this.view(tx, await tx.getRepository(OrderSeriesEntity).findOneByOrFail({ id: s.id }), now);
      }),
    );
  }

  /** The customer's series, locked; refused once ended, unless `requestId` made its last change. */
  private async lockOwn(tx: EntityManager, p: SeriesRef, requestId?: string): Promise<OrderSeriesEntity> {
    const s = await tx
      .getRepository(OrderSeriesEntity)
      .findOne({ where: { id: p.seriesId, customerId: p.customerId }, lock: { mode: 'pessimistic_write' } });
    if (!s) throw notFound('series');
    if (s.status !== 'active' && !redelivered(s, requestId))
      throw new OrdersError(OrdersErrorReason.IllegalTransition, 'The series has ended');
    return s;
  }

  /** Writes the series' recurrence and status, with the message of the change (`lastRequestId`). */
  private async save(
    tx: EntityManager,
    s: OrderSeriesEntity,
    r: RecurringSeries,
    status = s.status,
  ): Promise<void> {
    await tx.getRepository(OrderSeriesEntity).update(
      { id: s.id },
      {
        status,
        lastRequestId: s.lastRequestId,
        skipped: [...(r.skipped ?? [])],
        rescheduled: [...(r.rescheduled ?? [])],
        pausedUntil: r.pausedUntil ?? null,
        endsOn: r.endsOn ?? null,
      },
    );
  }

  /** Materialised visits not yet started whose original local date matches `where` ($3…). */
  private async visits(
    tx: EntityManager,
    seriesId: string,
    where: string,
    params: unknown[],
  ): Promise<OrderEntity[]> {
    const ids = await tx.query<{ id: string }[]>(
      `SELECT id FROM (
         SELECT id, status, starts_at, (series_original_start AT TIME ZONE 'Europe/Helsinki')::date::text AS date
           FROM orders WHERE series_id = $1) v
        WHERE status = ANY($2) AND starts_at > now() AND ${where}`,
      [seriesId, [...ACTIVE], ...params],
    );
    if (ids.length === 0) return [];
    return tx
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .getMany();
  }

  private async cancelVisits(
    tx: EntityManager,
    seriesId: string,
    now: Date,
    where: string,
    params: unknown[],
    buyerName: string | null,
  ): Promise<void> {
    for (const o of await this.visits(tx, seriesId, where, params)) {
      await this.orders.cancelInTx(tx, o, 'customer', now, buyerName);
    }
  }

  private async view(m: EntityManager, s: OrderSeriesEntity, now: Date): Promise<SeriesView> {
    const next = await m.getRepository(OrderEntity).find({
      where: { seriesId: s.id, startsAt: MoreThanOrEqual(now) },
      order: { startsAt: 'ASC' },
      take: 20,
    });
    return {
      id: s.id,
      status: s.status,
      rule: s.rule,
      start: s.startLocal,
      durationMinutes: s.durationMinutes,
      skipped: s.skipped,
      rescheduled: s.rescheduled,
      pausedUntil: s.pausedUntil,
      endsOn: s.endsOn,
      serviceCode: s.template.serviceCode,
      nextOrders: next.map((o) => ({ orderId: o.id, startsAt: o.startsAt.toISOString(), status: o.status })),
    };
  }
}
