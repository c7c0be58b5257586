import { randomUUID } from 'node:crypto';
import { connectPg, dataSourceOptions } from '@offera/database';
import { createTestDatabase, waitFor, type TestDatabase } from '@offera/testing';
import { DataSource } from 'typeorm';
import type { NotificationJobs } from '../src/delivery/notification-jobs.js';
import { type MessageDraft, MessagesService } from '../src/messages/messages.service.js';
import { NOTIFICATIONS_MIGRATIONS } from '../src/migrations/index.js';

/** Stands in for the queue: records each call's message ids. */
class RecordingJobs {
  readonly calls: string[][] = [];

  deliver(ids: readonly string[]): Promise<void> {
    this.calls.push([...ids].sort());
    return Promise.resolve();
  }
}

const draft = (recipientId: string, channel: 'email' | 'sms' = 'email'): MessageDraft => ({
  recipientId,
  template: 'visit-reminder',
  channel,
  params: { orderId: randomUUID(), startsAt: '2030-01-01T08:00:00.000Z' },
});

describe('MessagesService.queue (one statement per event)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let jobs: RecordingJobs;
  let messages: MessagesService;

  const rows = (sourceId: string) =>
    ds.query<{ id: string; recipient_id: string; channel: string; template: string; status: string }[]>(
      `SELECT id, recipient_id, channel, template, status FROM outgoing_messages
        WHERE source_event_id = $1 ORDER BY channel`,
      [sourceId],
    );

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'notifications', migrations: NOTIFICATIONS_MIGRATIONS }]);
    ds = await new DataSource(
      dataSourceOptions({ url: db.serviceUrls.notifications, schema: 'notifications', poolSize: 2 }),
    ).initialize();
  });

  beforeEach(() => {
    jobs = new RecordingJobs();
    messages = new MessagesService(ds, jobs as unknown as NotificationJobs);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('records each (source, recipient, channel) once, with its kind and params, and queues it', async () => {
    const source = randomUUID();
    const recipient = randomUUID();
    const drafts = [draft(recipient, 'email'), draft(recipient, 'sms')];
    expect(await messages.queue(source, drafts)).toBe(2);
    const stored = await rows(source);
    expect(stored.map((r) => [r.recipient_id, r.channel, r.status])).toEqual([
      [recipient, 'email', 'pending'],
      [recipient, 'sms', 'pending'],
    ]);
    const [row] = await ds.query<{ kind: string; params: unknown }[]>(
      `SELECT kind, params FROM outgoing_messages WHERE id = $1`,
      [stored[0].id],
    );
    expect(row).toEqual({ kind: 'transactional', params: drafts[0].params });
    expect(jobs.calls).toEqual([stored.map((r) => r.id).sort()]);
    expect(await messages.queue(randomUUID(), [])).toBe(0);
    expect(jobs.calls).toHaveLength(1);
  });

  it('a repeated (recipient, channel) in one event keeps the first', async () => {
    const source = randomUUID();
    const recipient = randomUUID();
    const second: MessageDraft = { ...draft(recipient), template: 'welcome' };
    expect(await messages.queue(source, [draft(recipient), second])).toBe(1);
    expect((await rows(source)).map((r) => r.template)).toEqual(['visit-reminder']);
  });

  it('a duplicate event inserts nothing but re-queues what is still pending or sending', async () => {
    const source = randomUUID();
    const drafts = [draft(randomUUID()), draft(randomUUID()), draft(randomUUID())];
    await messages.queue(source, drafts);
    const [a, b] = await rows(source);
    await ds.query(`UPDATE outgoing_messages SET status = 'sent' WHERE id = $1`, [a.id]);
    await ds.query(`UPDATE outgoing_messages SET status = 'sending' WHERE id = $1`, [b.id]);
    jobs.calls.length = 0;
    expect(await messages.queue(source, drafts)).toBe(0);
    const pending = (await rows(source)).filter((r) => r.status !== 'sent').map((r) => r.id);
    expect(pending).toHaveLength(2);
    expect(jobs.calls).toEqual([pending.sort()]);
  });

  it('a duplicate racing the first insert still re-queues its messages once that commits', async () => {
    const source = randomUUID();
    const recipient = randomUUID();
    const first = await connectPg(db.serviceUrls.notifications);
    try {
      await first.query('BEGIN');
      const {
        rows: [{ id }],
      } = await first.query<{ id: string }>(
        `INSERT INTO outgoing_messages (source_event_id, recipient_id, template, channel, status)
         VALUES ($1, $2, 'visit-reminder', 'email', 'pending') RETURNING id`,
        [source, recipient],
      );
      // The duplicate's insert waits on the uncommitted row; its statement began before the commit.
      const duplicate = messages.queue(source, [draft(recipient)]);
      await waitFor(
        async () => {
          const [{ n }] = await ds.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return n > 0;
        },
        { timeoutMs: 10_000, description: 'the duplicate waiting on the first insert' },
      );
      await first.query('COMMIT');
      expect(await duplicate).toBe(0);
      expect(jobs.calls).toEqual([[id]]);
    } finally {
      await first.end();
    }
  });
});
