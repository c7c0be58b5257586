import { randomUUID } from 'node:crypto';
import { dataSourceOptions } from '@offera/database';
import { createTestDatabase, type TestDatabase } from '@offera/testing';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS_MIGRATIONS } from '../src/migrations/index.js';
import { OrderMessageSequencer } from '../src/orders/order-message-sequencer.js';
import { OrderProgress } from '../src/orders/order-progress.js';
import { PurgeExpiredHandler } from '../src/retention/purge-expired.handler.js';
import type { NotificationsConfig } from '../src/config.js';

/** The later state of an order wins: in the events handled, and in the messages delivered. */
describe('order sequencing (order_progress, OrderMessageSequencer)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let progress: OrderProgress;
  let sequencer: OrderMessageSequencer;

  /** A message about `orderId` from its event number `seq`, in `status`. */
  const message = async (
    recipientId: string,
    orderId: string,
    seq: number | null,
    status: string,
    template = 'order-received',
  ) => {
    const params = { orderId, ...(seq === null ? {} : { seq }) };
    const [row] = await ds.query<{ id: string }[]>(
      `INSERT INTO outgoing_messages (source_event_id, recipient_id, template, channel, kind, params, status)
       VALUES ($1, $2, $3, 'email', 'transactional', $4, $5) RETURNING id`,
      [randomUUID(), recipientId, template, JSON.stringify(params), status],
    );
    return { id: row.id, recipientId, params };
  };

  const statusOf = async (id: string) =>
    (
      await ds.query<{ status: string; last_error: string | null }[]>(
        'SELECT status, last_error FROM outgoing_messages WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'notifications', migrations: NOTIFICATIONS_MIGRATIONS }]);
    ds = await new DataSource(
      dataSourceOptions({ url: db.serviceUrls.notifications, schema: 'notifications', poolSize: 4 }),
    ).initialize();
    progress = new OrderProgress(ds);
    sequencer = new OrderMessageSequencer(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('OrderProgress.advance', () => {
    it('is current for a newer or the same event, stale for an older one once a later one was seen', async () => {
      const orderId = randomUUID();
      expect(await progress.advance(orderId, 1)).toBe(true);
      expect(await progress.advance(orderId, 1)).toBe(true); // the same event redelivered
      expect(await progress.advance(orderId, 3)).toBe(true);
      expect(await progress.advance(orderId, 2)).toBe(false);
      expect(await progress.advance(orderId, 1)).toBe(false);
      expect(await progress.advance(orderId, 4)).toBe(true);
    });

    it('forgets an order nothing happened to for the retention period', async () => {
      const [old, recent] = [randomUUID(), randomUUID()];
      await progress.advance(old, 3);
      await progress.advance(recent, 3);
      await ds.query(
        `UPDATE order_progress SET updated_at = now() - interval '91 days' WHERE order_id = $1`,
        [old],
      );
      const config = { messageRetentionDays: 90 } as NotificationsConfig;
      await new PurgeExpiredHandler(ds, config).purge({});
      const left = await ds.query<{ order_id: string }[]>(
        'SELECT order_id FROM order_progress WHERE order_id = ANY($1)',
        [[old, recent]],
      );
      expect(left).toEqual([{ order_id: recent }]);
    });

    it('never calls an event without a number stale, and concurrent events keep the highest', async () => {
      const orderId = randomUUID();
      expect(await progress.advance(orderId, undefined)).toBe(true);
      await Promise.all([5, 2, 7, 1, 6].map((seq) => progress.advance(orderId, seq)));
      const [row] = await ds.query<{ last_seq: number }[]>(
        'SELECT last_seq FROM order_progress WHERE order_id = $1',
        [orderId],
      );
      expect(row.last_seq).toBe(7);
      expect(await progress.advance(orderId, 6)).toBe(false);
    });
  });

  describe('OrderMessageSequencer.superseded', () => {
    it('drops an earlier state once a later one to the same recipient is sent or being sent', async () => {
      const [customer, orderId] = [randomUUID(), randomUUID()];
      const received = await message(customer, orderId, 1, 'sending');
      await message(customer, orderId, 4, 'sent', 'order-cancelled');
      expect(await sequencer.superseded(received)).toBe(true);

      const other = randomUUID();
      const early = await message(customer, other, 1, 'sending');
      await message(customer, other, 2, 'sending', 'provider-assigned');
      expect(await sequencer.superseded(early)).toBe(true);
    });

    it('cancels the earlier states still waiting, and leaves other orders and recipients alone', async () => {
      const [customer, provider, orderId] = [randomUUID(), randomUUID(), randomUUID()];
      const waiting = await message(customer, orderId, 1, 'pending');
      const offer = await message(provider, orderId, 2, 'pending', 'new-offer');
      const elsewhere = await message(customer, randomUUID(), 1, 'pending');
      const cancelled = await message(customer, orderId, 5, 'sending', 'order-cancelled');
      expect(await sequencer.superseded(cancelled)).toBe(false);
      expect(await statusOf(waiting.id)).toEqual({ status: 'cancelled', last_error: 'superseded' });
      expect(await statusOf(offer.id)).toEqual({ status: 'pending', last_error: null });
      expect(await statusOf(elsewhere.id)).toEqual({ status: 'pending', last_error: null });
    });

    it('holds a later state back while an earlier one is being sent, until it is done', async () => {
      const [customer, orderId] = [randomUUID(), randomUUID()];
      const first = await message(customer, orderId, 1, 'sending');
      const second = await message(customer, orderId, 2, 'sending', 'provider-assigned');
      let answered = false;
      const decision = sequencer.superseded(second).then((v) => {
        answered = true;
        return v;
      });
      // Still held back while the first is being sent.
      await ds.query('SELECT pg_sleep(0.3)');
      expect(answered).toBe(false);
      await ds.query(`UPDATE outgoing_messages SET status = 'sent' WHERE id = $1`, [first.id]);
      expect(await decision).toBe(false);
    });

    it('does nothing for a message without an order number (older events, reminders)', async () => {
      const [customer, orderId] = [randomUUID(), randomUUID()];
      const unnumbered = await message(customer, orderId, null, 'sending');
      await message(customer, orderId, 9, 'sent', 'order-cancelled');
      expect(await sequencer.superseded(unnumbered)).toBe(false);
      const numbered = await message(customer, orderId, 3, 'sending');
      const older = await message(customer, orderId, null, 'pending', 'visit-reminder');
      await ds.query(`UPDATE outgoing_messages SET status = 'cancelled' WHERE params->>'seq' = '9'`);
      expect(await sequencer.superseded(numbered)).toBe(false);
      expect(await statusOf(older.id)).toEqual({ status: 'pending', last_error: null });
    });
  });
});
