import { createTestDatabase, waitFor, type TestDatabase } from '@offera/testing';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../data-source-options.js';
import { withPgClient } from '../pg.js';
import { CustomersInit1700000000001 } from '../testing/fake-migrations.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxRelay, type OutboxEnvelope } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';

describe('transactional outbox', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let otherReplica: DataSource;
  const relays: OutboxRelay[] = [];

  const open = async () => {
    const ds = new DataSource(
      dataSourceOptions({
        url: db.serviceUrls.customers,
        schema: 'customers',
        entities: [OutboxMessage],
        poolSize: 4,
      }),
    );
    return ds.initialize();
  };

  const relay = (ds: DataSource, publish: (m: OutboxEnvelope) => Promise<void>, extra = {}) => {
    const r = new OutboxRelay({ dataSource: ds, publish, batchSize: 5, pollIntervalMs: 60_000, ...extra });
    relays.push(r);
    return r;
  };

  const rows = () =>
    dataSource.getRepository(OutboxMessage).createQueryBuilder('o').orderBy('o.seq').getMany();

  const commit = (count: number, name = 'thing.created') =>
    dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        await manager.query('INSERT INTO things (label) VALUES ($1)', [`t${i}`]);
        ids.push(await OutboxWriter.add(manager, name, { index: i }));
      }
      return ids;
    });

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'customers', migrations: [CustomersInit1700000000001] }]);
    dataSource = await open();
    otherReplica = await open();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await otherReplica?.destroy();
    await db?.drop();
  });

  it('never publishes rows of a rolled-back transaction', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await OutboxWriter.add(manager, 'thing.created', { index: 0 });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const published: OutboxEnvelope[] = [];
    const r = relay(dataSource, (m) => {
      published.push(m);
      return Promise.resolve();
    });
    expect(await r.flush()).toBe(0);
    expect(published).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('publishes committed rows once, in order, and deletes them', async () => {
    const ids = await commit(7);
    const published: OutboxEnvelope[] = [];
    const r = relay(dataSource, (m) => {
      published.push(m);
      return Promise.resolve();
    });
    expect(await r.flush()).toBe(7);
    expect(published.map((m) => m.id)).toEqual(ids);
    expect(published[0]).toEqual({ id: ids[0], name: 'thing.created', payload: { index: 0 } });
    expect(await rows()).toEqual([]);
    expect(await r.flush()).toBe(0);
  });

  it('publishes each row exactly once with two relays racing', async () => {
    const ids = [...(await commit(20)), ...(await commit(20))];
    const seen: string[] = [];
    const publish = async (m: OutboxEnvelope) => {
      seen.push(m.id);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const a = relay(dataSource, publish);
    const b = relay(otherReplica, publish);
    const counts = await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(40);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(40);
    expect(await rows()).toEqual([]);
  });

  it('keeps a row whose publish fails, counts the attempt and stores a non-personal error', async () => {
    const [id] = await commit(1);
    await commit(1, 'thing.second');
    let fail = true;
    const published: string[] = [];
    const r = relay(dataSource, (m) => {
      if (fail)
        return Promise.reject(new Error(`queue rejected message for maija@example.fi (+358401234567)`));
      published.push(m.name);
      return Promise.resolve();
    });
    expect(await r.flush()).toBe(0);
    expect(await r.flush()).toBe(0);
    const [stuck, waiting] = await rows();
    expect(stuck).toMatchObject({ id, attempts: 2 });
    expect(stuck.lastError).toBe('Error: queue rejected message for [redacted] ([redacted])');
    expect(waiting).toMatchObject({ name: 'thing.second', attempts: 0, lastError: null });
    expect(await r.lagSeconds()).toBeGreaterThan(0);

    fail = false;
    expect(await r.flush()).toBe(2);
    expect(published).toEqual(['thing.created', 'thing.second']);
    expect(await r.lagSeconds()).toBe(0);
  });

  it('is woken by the commit notification and reports lag', async () => {
    const published: string[] = [];
    const lags: number[] = [];
    const r = relay(
      dataSource,
      (m) => {
        published.push(m.id);
        return Promise.resolve();
      },
      { onLag: (s: number) => lags.push(s) },
    );
    await r.start();
    const ids = await commit(3);
    await waitFor(() => published.length === 3, {
      timeoutMs: 5000,
      description: 'notified relay to publish',
    });
    expect(published).toEqual(ids);
    await waitFor(() => lags.includes(0), { description: 'lag reported as 0 once drained' });
  });

  it('falls back to polling when not listening', async () => {
    const published: string[] = [];
    const r = relay(
      dataSource,
      (m) => {
        published.push(m.id);
        return Promise.resolve();
      },
      { listen: false, pollIntervalMs: 50 },
    );
    await r.start();
    const ids = await commit(2);
    await waitFor(() => published.length === 2, { description: 'polling relay to publish' });
    expect(published).toEqual(ids);
  });

  it('stop() waits for the drain in progress and publishes nothing afterwards', async () => {
    await commit(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const r = relay(dataSource, async (m) => {
      started.push(m.id);
      await gate;
    });
    await r.start();
    await waitFor(() => started.length === 1, { description: 'publish to start' });
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await rows()).toEqual([]);
    await commit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(1);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(OutboxWriter.add(dataSource.manager, 'thing.created', {})).rejects.toThrow(
      /open transaction/,
    );
    await withPgClient(db.adminUrl, async (admin) => {
      const { rows: left } = await admin.query('SELECT 1 FROM customers.outbox');
      expect(left).toHaveLength(0);
    });
  });
});
