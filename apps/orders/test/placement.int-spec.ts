import { randomUUID } from 'node:crypto';
import type { PlaceOrderPayload } from '@offera/contracts';
import { dataSourceOptions } from '@offera/database';
import { createTestDatabase, type TestDatabase } from '@offera/testing';
import type { MessageBus } from '@offera/transport';
import { DataSource } from 'typeorm';
import { CatalogService } from '../src/catalog/catalog.service.js';
import type { OrdersConfig } from '../src/config.js';
import { DiscountCodesService } from '../src/discounts/discount-codes.service.js';
import type { BuyerNames } from '../src/invoices/buyer-names.js';
import { InvoicesService } from '../src/invoices/invoices.service.js';
import { ORDERS_MIGRATIONS } from '../src/migrations/index.js';
import type { EligibleProviders } from '../src/offers/eligible-providers.js';
import { OffersService } from '../src/offers/offers.service.js';
import { OrderPricingService } from '../src/orders/order-pricing.service.js';
import { OrdersService } from '../src/orders/orders.service.js';
import { SavedAddresses } from '../src/orders/saved-addresses.js';
import { ORDERS_ENTITIES } from '../src/orders.module.js';

const config = {
  offerMaxRounds: 3,
  offerTtlMinutes: 30,
  cancellationFreeHours: 24,
  cancellationLateFeeBp: 5000,
} as OrdersConfig;

/** Answers with the providers a test sets, running `before` first (to change the order meanwhile). */
class FakeEligible {
  providerIds: string[] = [];
  before?: () => Promise<void>;

  async find(): Promise<readonly string[]> {
    await this.before?.();
    return this.providerIds;
  }
}

const placePayload = (customerId: string, extra: Partial<PlaceOrderPayload> = {}): PlaceOrderPayload => ({
  customerId,
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  addOns: [{ code: 'uuni', quantity: 1 }],
  startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  frequency: 'one_off',
  address: { street: 'Penkkikatu 1', postalCode: '00100', city: 'Helsinki' },
  paymentMethod: 'invoice',
  ...extra,
});

describe('placing and offering an order (few statements, same guarantees)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let catalog: CatalogService;
  let codes: DiscountCodesService;
  let orders: OrdersService;
  let offers: OffersService;
  let eligible: FakeEligible;

  const orderRow = async (id: string) =>
    (
      await ds.query<
        { status: string; restricted: boolean; escalated_at: Date | null; offer_round: number }[]
      >(`SELECT status, restricted, escalated_at, offer_round FROM orders WHERE id = $1`, [id])
    )[0];
  const events = (name: string, orderId: string) =>
    ds.query<{ id: string; payload: Record<string, unknown> }[]>(
      `SELECT id, payload FROM outbox WHERE name = $1 AND payload->>'orderId' = $2 ORDER BY seq`,
      [name, orderId],
    );

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'orders', migrations: ORDERS_MIGRATIONS }]);
    ds = await new DataSource(
      dataSourceOptions({
        url: db.serviceUrls.orders,
        schema: 'orders',
        poolSize: 4,
        entities: ORDERS_ENTITIES,
      }),
    ).initialize();
    catalog = new CatalogService(ds);
    codes = new DiscountCodesService(ds);
    const buyers = { of: () => Promise.resolve('Testi Ostaja') } as unknown as BuyerNames;
    orders = new OrdersService(
      ds,
      new OrderPricingService(catalog, codes),
      config,
      new InvoicesService(ds),
      buyers,
      // These orders give their address; none names a saved one.
      new SavedAddresses({
        send: () => Promise.reject(new Error('no saved addresses here')),
      } as unknown as MessageBus),
    );
    eligible = new FakeEligible();
    offers = new OffersService(ds, eligible as unknown as EligibleProviders, buyers, config);
  });

  beforeEach(() => {
    eligible.providerIds = [];
    eligible.before = undefined;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('placement', () => {
    it('writes the order and its order.placed event together; a redelivery returns the same order', async () => {
      const customerId = randomUUID();
      const requestId = randomUUID();
      const placed = await orders.place(placePayload(customerId), requestId);
      expect(placed).toMatchObject({ status: 'requested', serviceCode: 'kotisiivous', discountCode: null });
      expect(await orderRow(placed.id)).toMatchObject({ status: 'requested', restricted: false });
      const [event] = await events('order.placed', placed.id);
      expect(event.payload).toEqual({
        orderId: placed.id,
        customerId,
        occurredAt: expect.any(String),
        startsAt: placed.startsAt,
        seriesId: null,
        seq: 1,
      });

      const again = await orders.place(placePayload(customerId), requestId);
      expect(again.id).toBe(placed.id);
      expect(await events('order.placed', placed.id)).toHaveLength(1);
      const [{ n }] = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM orders WHERE customer_id = $1`,
        [customerId],
      );
      expect(n).toBe(1);
    });

    it('starts an order restricted when its customer is restricted', async () => {
      const customerId = randomUUID();
      await ds.query(`INSERT INTO subject_restrictions (subject_id, request_id) VALUES ($1, $2)`, [
        customerId,
        randomUUID(),
      ]);
      const placed = await orders.place(placePayload(customerId), randomUUID());
      expect((await orderRow(placed.id)).restricted).toBe(true);
    });

    it('records the redemption of a discount code with the order, and enforces its usage limit', async () => {
      await codes.create({
        code: 'KERRAN10',
        kind: 'percent',
        percentBp: 1000,
        appliesTo: ['one_off'],
        newCustomersOnly: false,
        maxTotalUses: 1,
      });
      const customerId = randomUUID();
      const placed = await orders.place(placePayload(customerId, { discountCode: 'kerran10' }), randomUUID());
      expect(placed.discountCode).toBe('KERRAN10');
      const redemptions = await ds.query<{ customer_id: string; order_id: string }[]>(
        `SELECT customer_id, order_id FROM discount_redemptions WHERE code = 'KERRAN10'`,
      );
      expect(redemptions).toEqual([{ customer_id: customerId, order_id: placed.id }]);
      await expect(
        orders.place(placePayload(randomUUID(), { discountCode: 'KERRAN10' }), randomUUID()),
      ).rejects.toMatchObject({ reason: 'DISCOUNT_REJECTED' });
    });
  });

  describe('catalogue prices', () => {
    it('prices with an edit made through this service at once', async () => {
      const wanted = [{ kind: 'add_on' as const, code: 'uuni' }];
      const [before] = await catalog.pricedMany(ds.manager, wanted, new Date());
      await catalog.setPrice({
        kind: 'add_on',
        code: 'uuni',
        price: { vatCode: 'general', workShareBp: 10_000, priceCents: 4200, minutes: 45 },
      });
      const [after] = await catalog.pricedMany(ds.manager, wanted, new Date());
      expect(after.price.id).not.toBe(before.price.id);
      expect(after.price.pricing).toEqual({ priceCents: 4200, minutes: 45 });
    });

    it('keeps a later price for when it comes into force, and reads the database for long ago', async () => {
      const wanted = [{ kind: 'add_on' as const, code: 'jaakaappi' }];
      const validFrom = new Date(Date.now() + 3_600_000);
      await catalog.setPrice({
        kind: 'add_on',
        code: 'jaakaappi',
        price: {
          vatCode: 'general',
          workShareBp: 10_000,
          priceCents: 9900,
          minutes: 45,
          validFrom: validFrom.toISOString(),
        },
      });
      const [now] = await catalog.pricedMany(ds.manager, wanted, new Date());
      const [later] = await catalog.pricedMany(ds.manager, wanted, new Date(validFrom.getTime() + 1));
      expect(now.price.pricing).not.toEqual({ priceCents: 9900, minutes: 45 });
      expect(later.price.pricing).toEqual({ priceCents: 9900, minutes: 45 });
      const [old] = await catalog.pricedMany(ds.manager, wanted, new Date(Date.now() - 2 * 3_600_000));
      expect(old.price.id).toBe(now.price.id);
    });

    it('rejects unknown and inactive items', async () => {
      await catalog.update({ kind: 'add_on', code: 'parveke', active: false });
      await expect(
        catalog.pricedMany(ds.manager, [{ kind: 'add_on', code: 'parveke' }], new Date()),
      ).rejects.toMatchObject({ reason: 'UNKNOWN_ITEM' });
      await expect(
        catalog.pricedMany(ds.manager, [{ kind: 'service', code: 'nope' }], new Date()),
      ).rejects.toMatchObject({ reason: 'UNKNOWN_ITEM' });
    });
  });

  describe('offering a placed order', () => {
    const place = async () => (await orders.place(placePayload(randomUUID()), randomUUID())).id;

    it('escalates an order nobody can take, once', async () => {
      const id = await place();
      expect(await offers.offer(id)).toEqual({
        orderId: id,
        status: 'requested',
        offeredTo: 0,
        escalated: true,
      });
      const first = (await orderRow(id)).escalated_at;
      expect(first).not.toBeNull();
      expect(await offers.offer(id)).toEqual({
        orderId: id,
        status: 'requested',
        offeredTo: 0,
        escalated: true,
      });
      expect((await orderRow(id)).escalated_at).toEqual(first);
    });

    it('offers to the eligible providers with its order.offered event; a redelivery is a no-op', async () => {
      const id = await place();
      eligible.providerIds = [randomUUID(), randomUUID()];
      expect(await offers.offer(id)).toEqual({
        orderId: id,
        status: 'offered',
        offeredTo: 2,
        escalated: false,
      });
      const offered = await ds.query<{ provider_id: string; round: number; status: string }[]>(
        `SELECT provider_id, round, status FROM order_offers WHERE order_id = $1 ORDER BY provider_id`,
        [id],
      );
      expect(offered).toEqual(
        [...eligible.providerIds].sort().map((p) => ({ provider_id: p, round: 1, status: 'open' })),
      );
      expect(await orderRow(id)).toMatchObject({ status: 'offered', offer_round: 1, escalated_at: null });
      const [event] = await events('order.offered', id);
      // The order's second event.
      expect(event.payload).toMatchObject({ orderId: id, providerIds: eligible.providerIds, seq: 2 });

      expect(await offers.offer(id)).toEqual({
        orderId: id,
        status: 'offered',
        offeredTo: 0,
        escalated: false,
      });
      expect(await events('order.offered', id)).toHaveLength(1);
    });

    it('decides again on the locked row when the order changed after it was read', async () => {
      const id = await place();
      eligible.providerIds = [randomUUID()];
      eligible.before = () => ds.query(`UPDATE orders SET status = 'cancelled' WHERE id = $1`, [id]);
      expect(await offers.offer(id)).toEqual({
        orderId: id,
        status: 'cancelled',
        offeredTo: 0,
        escalated: false,
      });
      const [{ n }] = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM order_offers WHERE order_id = $1`,
        [id],
      );
      expect(n).toBe(0);
      expect(await events('order.offered', id)).toHaveLength(0);

      const other = await place();
      eligible.providerIds = [];
      eligible.before = () =>
        ds.query(`UPDATE orders SET escalated_at = now() - interval '1 hour' WHERE id = $1`, [other]);
      expect(await offers.offer(other)).toMatchObject({ status: 'requested', escalated: true });
      // The escalation already recorded meanwhile is kept, not overwritten.
      const [{ age }] = await ds.query<{ age: number }[]>(
        `SELECT extract(epoch FROM now() - escalated_at)::int AS age FROM orders WHERE id = $1`,
        [other],
      );
      expect(age).toBeGreaterThanOrEqual(3599);

      // Changed but still to be escalated: the locked row is escalated.
      const third = await place();
      eligible.before = () => ds.query(`UPDATE orders SET updated_at = now() WHERE id = $1`, [third]);
      expect(await offers.offer(third)).toMatchObject({ status: 'requested', escalated: true });
      expect((await orderRow(third)).escalated_at).not.toBeNull();
    });

    it('leaves a restricted order alone', async () => {
      const id = await place();
      await ds.query(`UPDATE orders SET restricted = true WHERE id = $1`, [id]);
      expect(await offers.offer(id, [randomUUID()])).toEqual({
        orderId: id,
        status: 'requested',
        offeredTo: 0,
        escalated: false,
      });
      expect((await orderRow(id)).escalated_at).toBeNull();
    });
  });
});
