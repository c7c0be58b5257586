import { Injectable } from '@nestjs/common';
import type {
  AreaBandView,
  CatalogAddOnView,
  CatalogItemKind,
  CatalogPriceInput,
  CatalogServiceView,
  CatalogView,
  CreateCatalogItemPayload,
  ServicePricingView,
  SetCatalogPricePayload,
  UpdateCatalogItemPayload,
  VatCode,
} from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';
import type { CatalogueAddOn, CatalogueService, ServicePricing } from '../pricing/pricing-engine.js';
import { CatalogItemEntity } from './catalog-item.entity.js';
import { type AddOnPricing, CatalogPriceEntity } from './catalog-price.entity.js';
import { CatalogCache, type CatalogSnapshot, catalogKey, priceAt } from './catalog-cache.js';

/** An item with the price in force at some instant. */
export interface PricedItem {
  readonly item: CatalogItemEntity;
  readonly price: CatalogPriceEntity;
}

interface PricedRow {
  kind: CatalogItemKind;
  code: string;
  name_fi: string;
  name_en: string;
  active: boolean;
  sort_order: number;
  price_id: string;
  valid_from: Date | string;
  pricing: unknown;
  vat_code: VatCode;
  work_share_bp: number;
  created_at: Date | string;
}

const invalid = (message: string) => new OrdersError(OrdersErrorReason.InvalidInput, message);
const unknown = (kind: CatalogItemKind, code: string) =>
  new OrdersError(
    OrdersErrorReason.UnknownItem,
    `Unknown ${kind === 'service' ? 'service' : 'add-on'} ${code}`,
  );

const isCents = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isMinutes = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

/** Checks an admin's price input and returns what is stored in `pricing`. */
export function validatePrice(
  kind: CatalogItemKind,
  price: CatalogPriceInput,
): ServicePricingView | AddOnPricing {
  if (!Number.isInteger(price.workShareBp) || price.workShareBp < 0 || price.workShareBp > 10_000) {
    throw invalid('workShareBp must be 0–10000');
  }
  if (kind === 'add_on') {
    if (!isCents(price.priceCents) || !isMinutes(price.minutes)) {
      throw invalid('an add-on needs priceCents ≥ 0 and minutes > 0');
    }
    return { priceCents: price.priceCents, minutes: price.minutes };
  }
  const p = price.pricing;
  if (!p) throw invalid('a service needs pricing');
  switch (p.kind) {
    case 'hourly':
      if (!isCents(p.centsPerHour) || p.centsPerHour === 0) throw invalid('centsPerHour must be positive');
      return { kind: 'hourly', centsPerHour: p.centsPerHour };
    case 'fixed':
      if (!isCents(p.priceCents) || !isMinutes(p.minutes))
        throw invalid('fixed pricing needs priceCents and minutes');
      return { kind: 'fixed', priceCents: p.priceCents, minutes: p.minutes };
    case 'area_band': {
      const bands: readonly AreaBandView[] = p.bands;
      if (!(bands instanceof Array) || bands.length === 0 || bands.length > 20)
        throw invalid('1–20 area bands');
      let previous = 0;
      bands.forEach((b, i) => {
        const last = i === bands.length - 1;
        if (!isCents(b.priceCents) || !isMinutes(b.minutes))
          throw invalid('each band needs priceCents and minutes');
        if (b.upToM2 === null ? !last : !(b.upToM2 > previous)) {
          throw invalid('area bands must ascend, and only the last may be open-ended');
        }
        previous = b.upToM2 ?? previous;
      });
      return {
        kind: 'area_band',
        bands: bands.map((b) => ({ upToM2: b.upToM2, priceCents: b.priceCents, minutes: b.minutes })),
      };
    }
    default:
      throw invalid('pricing.kind must be hourly, area_band or fixed');
  }
}

function itemOf(row: PricedRow): CatalogItemEntity {
  return Object.assign(new CatalogItemEntity(), {
    kind: row.kind,
    code: row.code,
    nameFi: row.name_fi,
    nameEn: row.name_en,
    active: row.active,
    sortOrder: row.sort_order,
  });
}

function priceOf(row: PricedRow): CatalogPriceEntity {
  return Object.assign(new CatalogPriceEntity(), {
    id: row.price_id,
    kind: row.kind,
    code: row.code,
    validFrom: new Date(row.valid_from),
    pricing: deepFreeze(row.pricing),
    vatCode: row.vat_code,
    workShareBp: row.work_share_bp,
    createdAt: new Date(row.created_at),
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

@Injectable()
export class CatalogService {
  private readonly cache: CatalogCache;

  constructor(private readonly db: DataSource) {
    this.cache = new CatalogCache((coversFrom) => this.loadSnapshot(coversFrom));
  }

  /** Every item with the price in force at `at`; items whose first price is later are left out. */
  async pricedItems(m: EntityManager, at: Date, includeInactive: boolean): Promise<PricedItem[]> {
    const items = await m.getRepository(CatalogItemEntity).find({
      where: includeInactive ? {} : { active: true },
      order: { kind: 'DESC', sortOrder: 'ASC', code: 'ASC' },
    });
    const prices = await m
      .getRepository(CatalogPriceEntity)
      .createQueryBuilder('p')
      .distinctOn(['p.kind', 'p.code'])
      .where('p.valid_from <= :at', { at })
      .orderBy('p.kind')
      .addOrderBy('p.code')
      .addOrderBy('p.valid_from', 'DESC')
      .getMany();
    const byKey = new Map(prices.map((p) => [`${p.kind}:${p.code}`, p]));
    return items.flatMap((item) => {
      const price = byKey.get(`${item.kind}:${item.code}`);
      return price ? [{ item, price }] : [];
    });
  }

  /**
   * Active items with the price in force at `at` (this is on the ordering hot path): served
   * from the in-memory catalogue, or in one query for an instant before what it holds.
   * Unknown or inactive items are rejected, the service first.
   */
  async pricedMany(
    m: EntityManager,
    wanted: readonly { readonly kind: CatalogItemKind; readonly code: string }[],
    at: Date,
  ): Promise<PricedItem[]> {
    const snapshot = await this.cache.get();
    if (at.getTime() < snapshot.coversFrom.getTime()) return this.pricedManyFromDb(m, wanted, at);
    return wanted.map((w) => {
      const cached = snapshot.items.get(catalogKey(w.kind, w.code));
      const price = cached && priceAt(cached, at);
      if (!cached || !price) throw unknown(w.kind, w.code);
      return { item: cached.item, price };
    });
  }

  /** Forgets the in-memory catalogue; called after every edit made here. */
  invalidateCache(): void {
    this.cache.invalidate();
  }

  private async pricedManyFromDb(
    m: EntityManager,
    wanted: readonly { readonly kind: CatalogItemKind; readonly code: string }[],
    at: Date,
  ): Promise<PricedItem[]> {
    const rows = await m.query<PricedRow[]>(
      `SELECT i.kind, i.code, i.name_fi, i.name_en, i.active, i.sort_order,
              p.id AS price_id, p.valid_from, p.pricing, p.vat_code, p.work_share_bp, p.created_at
         FROM catalog_items i
         JOIN LATERAL (
           SELECT * FROM catalog_prices p
            WHERE p.kind = i.kind AND p.code = i.code AND p.valid_from <= $3
            ORDER BY p.valid_from DESC LIMIT 1) p ON true
        WHERE i.active AND (i.kind, i.code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [wanted.map((w) => w.kind), wanted.map((w) => w.code), at],
    );
    return wanted.map((w) => {
      const row = rows.find((r) => r.kind === w.kind && r.code === w.code);
      if (!row) throw unknown(w.kind, w.code);
      return { item: itemOf(row), price: priceOf(row) };
    });
  }

  /**
   * Every active item with the price in force at `coversFrom` and all later ones, in one
   * query. Objects are frozen: requests share them.
   */
  private async loadSnapshot(coversFrom: Date): Promise<CatalogSnapshot> {
    const rows = await this.db.query<PricedRow[]>(
      `SELECT i.kind, i.code, i.name_fi, i.name_en, i.active, i.sort_order,
              p.id AS price_id, p.valid_from, p.pricing, p.vat_code, p.work_share_bp, p.created_at
         FROM catalog_items i
         JOIN catalog_prices p ON p.kind = i.kind AND p.code = i.code
        WHERE i.active
          AND p.valid_from >= coalesce(
                (SELECT max(q.valid_from) FROM catalog_prices q
                  WHERE q.kind = i.kind AND q.code = i.code AND q.valid_from <= $1),
                '-infinity')
        ORDER BY i.kind, i.code, p.valid_from DESC`,
      [coversFrom],
    );
    const items = new Map<string, { item: CatalogItemEntity; prices: CatalogPriceEntity[] }>();
    for (const row of rows) {
      const key = catalogKey(row.kind, row.code);
      let entry = items.get(key);
      if (!entry) {
        entry = { item: Object.freeze(itemOf(row)), prices: [] };
        items.set(key, entry);
      }
      entry.prices.push(Object.freeze(priceOf(row)));
    }
    return { coversFrom, items };
  }

  async catalog(includeInactive = false): Promise<CatalogView> {
    const priced = await this.pricedItems(this.db.manager, new Date(), includeInactive);
    return {
      services: priced.filter((p) => p.item.kind === 'service').map((p) => serviceView(p)),
      addOns: priced.filter((p) => p.item.kind === 'add_on').map((p) => addOnView(p)),
    };
  }

  /**
   * A new item with its first price, from `validFrom` or from `requestedAt` (when it was asked
   * for). The same message delivered again (`messageId`) answers as the first did, not "exists".
   */
  async create(
    p: CreateCatalogItemPayload,
    messageId?: string,
    requestedAt: Date = new Date(),
  ): Promise<CatalogServiceView | CatalogAddOnView> {
    const pricing = validatePrice(p.kind, p.price);
    return this.edit(() =>
      answerOnce(this.db, messageId, 'orders.create-catalog-item', async (tx) => {
        const validFrom = p.price.validFrom === undefined ? requestedAt : this.validFrom(p.price.validFrom);
        const inserted: unknown[] = await tx.query(
          `INSERT INTO catalog_items (kind, code, name_fi, name_en, sort_order) VALUES ($1, $2, $3, $4, 100)
         ON CONFLICT DO NOTHING RETURNING code`,
          [p.kind, p.code, p.nameFi, p.nameEn],
        );
        if (inserted.length === 0) {
          throw new OrdersError(OrdersErrorReason.ItemExists, 'An item with this code already exists');
        }
        await this.insertPrice(tx, p.kind, p.code, validFrom, pricing, p.price);
        return this.view(tx, p.kind, p.code, validFrom);
      }),
    );
  }

  async update(p: UpdateCatalogItemPayload): Promise<CatalogServiceView | CatalogAddOnView> {
    const repo = this.db.getRepository(CatalogItemEntity);
    const item = await repo.findOneBy({ kind: p.kind, code: p.code });
    if (!item) throw unknown(p.kind, p.code);
    const changes = {
      ...(p.nameFi !== undefined ? { nameFi: p.nameFi } : {}),
      ...(p.nameEn !== undefined ? { nameEn: p.nameEn } : {}),
      ...(p.active !== undefined ? { active: p.active } : {}),
    };
    // An empty change is a no-op (TypeORM refuses an UPDATE without values).
    if (Object.keys(changes).length) {
      await this.edit(() => repo.update({ kind: p.kind, code: p.code }, changes));
    }
    return this.view(this.db.manager, p.kind, p.code, new Date());
  }

  /** Adds a price from `validFrom` on; earlier orders keep the price in their snapshot. */
  /**
   * A new price from `validFrom`, or from `requestedAt` (when the change was asked for) without
   * one: the same message delivered again then writes the same row, not a second price.
   */
  async setPrice(
    p: SetCatalogPricePayload,
    requestedAt: Date = new Date(),
  ): Promise<CatalogServiceView | CatalogAddOnView> {
    const pricing = validatePrice(p.kind, p.price);
    const validFrom = p.price.validFrom === undefined ? requestedAt : this.validFrom(p.price.validFrom);
    const item = await this.db.getRepository(CatalogItemEntity).findOneBy({ kind: p.kind, code: p.code });
    if (!item) throw unknown(p.kind, p.code);
    await this.edit(() =>
      this.db.transaction((tx) => this.insertPrice(tx, p.kind, p.code, validFrom, pricing, p.price)),
    );
    return this.view(this.db.manager, p.kind, p.code, validFrom);
  }

  /** Runs a catalogue write, then drops the in-memory catalogue (also when the write failed). */
  private async edit<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.cache.invalidate();
    }
  }

  private validFrom(iso: string | undefined): Date {
    if (iso === undefined) return new Date();
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) throw invalid('validFrom must be an ISO date-time');
    // A minute's slack for clock skew between the admin's client and us.
    if (at.getTime() < Date.now() - 60_000) {
      throw new OrdersError(OrdersErrorReason.PriceInPast, 'A price cannot start in the past');
    }
    return at;
  }

  private async insertPrice(
    tx: EntityManager,
    kind: CatalogItemKind,
    code: string,
    validFrom: Date,
    pricing: unknown,
    input: CatalogPriceInput,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO catalog_prices (kind, code, valid_from, pricing, vat_code, work_share_bp)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, code, valid_from) DO UPDATE
         SET pricing = EXCLUDED.pricing, vat_code = EXCLUDED.vat_code, work_share_bp = EXCLUDED.work_share_bp`,
      [kind, code, validFrom, JSON.stringify(pricing), input.vatCode, input.workShareBp],
    );
  }

  private async view(
    m: EntityManager,
    kind: CatalogItemKind,
    code: string,
    at: Date,
  ): Promise<CatalogServiceView | CatalogAddOnView> {
    const item = await m.getRepository(CatalogItemEntity).findOneByOrFail({ kind, code });
    const price = await m
      .getRepository(CatalogPriceEntity)
      .createQueryBuilder('p')
      .where('p.kind = :kind AND p.code = :code AND p.valid_from <= :at', { kind, code, at })
      .orderBy('p.valid_from', 'DESC')
      .getOneOrFail();
    return kind === 'service' ? serviceView({ item, price }) : addOnView({ item, price });
  }
}

export function serviceView({ item, price }: PricedItem): CatalogServiceView {
  return {
    code: item.code,
    name: { fi: item.nameFi, en: item.nameEn },
    active: item.active,
    pricing: price.pricing as ServicePricingView,
    vatCode: price.vatCode,
    workShareBp: price.workShareBp,
    priceValidFrom: price.validFrom.toISOString(),
  };
}

export function addOnView({ item, price }: PricedItem): CatalogAddOnView {
  const p = price.pricing as AddOnPricing;
  return {
    code: item.code,
    name: { fi: item.nameFi, en: item.nameEn },
    active: item.active,
    priceCents: p.priceCents,
    minutes: p.minutes,
    vatCode: price.vatCode,
    workShareBp: price.workShareBp,
    priceValidFrom: price.validFrom.toISOString(),
  };
}

/** The pricing engine's view of a catalogue service. */
export function toEngineService({ item, price }: PricedItem): CatalogueService {
  return {
    id: item.code,
    descriptionKey: `service:${item.code}`,
    pricing: price.pricing as ServicePricing,
    vatCode: price.vatCode,
    workShare: price.workShareBp / 10_000,
  };
}

export function toEngineAddOn({ item, price }: PricedItem): CatalogueAddOn {
  const p = price.pricing as AddOnPricing;
  return {
    id: item.code,
    descriptionKey: `add_on:${item.code}`,
    priceCents: p.priceCents,
    minutes: p.minutes,
    vatCode: price.vatCode,
    workShare: price.workShareBp / 10_000,
  };
}
