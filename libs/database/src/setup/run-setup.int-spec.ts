import { createTestDatabase, type TestDatabase } from '@offera/testing';

import { withDatabase, withPgClient } from '../pg.js';
import {
  BrokenMigration1700000000009,
  CustomersInit1700000000001,
  OrdersAddNote1700000000003,
  OrdersInit1700000000002,
} from '../testing/fake-migrations.js';
import { runSetup } from './run-setup.js';

const plan = [
  { service: 'customers' as const, migrations: [CustomersInit1700000000001] },
  { service: 'orders' as const, migrations: [OrdersInit1700000000002] },
];

describe('runSetup', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(plan);
  });

  afterAll(async () => {
    await db.drop();
  });

  const setupAgain = (services = plan, log?: (m: string) => void) =>
    runSetup({
      adminUrl: db.adminUrl,
      database: db.name,
      services: services.map((s) => ({ ...s, url: db.serviceUrls[s.service] })),
      log,
    });

  it('creates one schema per service, owned by its role, with its migrations table inside', async () => {
    await withPgClient(db.adminUrl, async (admin) => {
      const { rows: schemas } = await admin.query<{ nspname: string; owner: string }>(
        `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
          WHERE nspname IN ('customers', 'orders') ORDER BY 1`,
      );
      expect(schemas).toEqual([
        { nspname: 'customers', owner: 'offera_customers' },
        { nspname: 'orders', owner: 'offera_orders' },
      ]);
      const { rows: tables } = await admin.query<{
        schemaname: string;
        tablename: string;
        tableowner: string;
      }>(
        `SELECT schemaname, tablename, tableowner FROM pg_tables
          WHERE schemaname IN ('customers', 'orders') ORDER BY 1, 2`,
      );
      expect(tables).toEqual([
        { schemaname: 'customers', tablename: 'migrations', tableowner: 'offera_customers' },
        { schemaname: 'customers', tablename: 'outbox', tableowner: 'offera_customers' },
        { schemaname: 'customers', tablename: 'things', tableowner: 'offera_customers' },
        { schemaname: 'orders', tablename: 'migrations', tableowner: 'offera_orders' },
        { schemaname: 'orders', tablename: 'orders', tableowner: 'offera_orders' },
        { schemaname: 'orders', tablename: 'outbox', tableowner: 'offera_orders' },
      ]);
      const { rows: ran } = await admin.query<{ name: string }>('SELECT name FROM customers.migrations');
      expect(ran.map((r) => r.name)).toEqual(['CustomersInit1700000000001']);
    });
  });

  it('is harmless to run again, and runs only new migrations', async () => {
    const again = await setupAgain();
    expect(again).toEqual({ createdDatabase: false, migrations: { customers: [], orders: [] } });

    const lines: string[] = [];
    const next = await setupAgain(
      [plan[0], { service: 'orders', migrations: [OrdersInit1700000000002, OrdersAddNote1700000000003] }],
      (m) => lines.push(m),
    );
    expect(next.migrations).toEqual({ customers: [], orders: ['OrdersAddNote1700000000003'] });
    expect(lines.join('\n')).toContain('orders: ran OrdersAddNote1700000000003');
    expect(lines.join('\n')).not.toMatch(/_dev/); // no passwords in the log
  });

  it('is safe to run concurrently', async () => {
    const results = await Promise.all([setupAgain(), setupAgain(), setupAgain()]);
    for (const r of results) expect(r.createdDatabase).toBe(false);
  });

  it('lets a role use its own schema only', async () => {
    await withPgClient(db.serviceUrls.orders, async (orders) => {
      await orders.query('INSERT INTO orders (total_cents) VALUES (12900)');
      const { rows } = await orders.query<{ total_cents: number }>('SELECT total_cents FROM orders');
      expect(rows).toEqual([{ total_cents: 12900 }]);
      await expect(orders.query('SELECT * FROM customers.things')).rejects.toThrow(
        /permission denied for schema customers/,
      );
      await expect(orders.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(
        /permission denied for schema public/,
      );
      await expect(orders.query('CREATE SCHEMA sneaky')).rejects.toThrow(/permission denied/);
    });
    await withPgClient(db.serviceUrls.customers, async (customers) => {
      await expect(customers.query('SELECT * FROM orders.orders')).rejects.toThrow(
        /permission denied for schema orders/,
      );
    });
  });

  it('rejects bad plans without touching anything', async () => {
    await expect(
      runSetup({
        adminUrl: db.adminUrl,
        database: db.name,
        services: [{ service: 'Bad-Name', url: db.serviceUrls.orders, migrations: [] }],
      }),
    ).rejects.toThrow(/service must be a lower-case SQL identifier/);
    await expect(
      runSetup({
        adminUrl: db.adminUrl,
        database: db.name,
        services: [
          { service: 'orders', url: withDatabase(db.serviceUrls.orders, 'elsewhere'), migrations: [] },
        ],
      }),
    ).rejects.toThrow(/names database "elsewhere"/);
    await expect(
      runSetup({ adminUrl: db.adminUrl, database: 'x; DROP DATABASE postgres', services: [] }),
    ).rejects.toThrow(/database name must be/);
  });

  it('fails loudly on a broken migration and rolls it back', async () => {
    await expect(
      setupAgain([
        { service: 'customers', migrations: [CustomersInit1700000000001, BrokenMigration1700000000009] },
      ]),
    ).rejects.toThrow(/no_such_table/);
    await withPgClient(db.adminUrl, async (admin) => {
      const { rows } = await admin.query(`SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`);
      expect(rows).toHaveLength(0);
    });
    // The lock was released: a later run still works.
    await expect(setupAgain()).resolves.toMatchObject({ createdDatabase: false });
  });
});
