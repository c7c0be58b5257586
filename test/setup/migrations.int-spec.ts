import { dataSourceOptions, withPgClient } from '@offera/database';
import { createTestDatabase, type TestDatabase } from '@offera/testing';
import { DataSource } from 'typeorm';
import { SETUP_PLAN } from '../../scripts/setup-plan.js';

/** Every service's migrations can be undone, one by one, back to an empty schema, and redone. */
describe('every service’s migrations are reversible', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(SETUP_PLAN);
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** The schema's shape (besides TypeORM's own migrations table): columns, indexes, constraints, functions, sequences. */
  const shapeOf = (schema: string) =>
    withPgClient(db.adminUrl, async (c) => {
      const { rows } = await c.query<{ item: string }>(
        `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type AS item
           FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'migrations'
         UNION ALL SELECT 'index ' || indexname || ' ' || indexdef
           FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations'
         UNION ALL SELECT 'constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
           FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
          WHERE c.connamespace = $1::regnamespace AND t.relname <> 'migrations'
         UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = $1::regnamespace
         UNION ALL SELECT 'sequence ' || sequence_name FROM information_schema.sequences
          WHERE sequence_schema = $1 AND sequence_name NOT LIKE 'migrations%'
         ORDER BY 1`,
        [schema],
      );
      return rows.map((r) => r.item);
    });

  it.each(SETUP_PLAN.map((p) => [p.service, p] as const))('%s', async (service, plan) => {
    const migrated = await shapeOf(service);
    expect(migrated.length).toBeGreaterThan(0);
    const dataSource = new DataSource({
      ...dataSourceOptions({
        url: db.serviceUrls[service],
        schema: service,
        migrations: plan.migrations,
        poolSize: 1,
      }),
      logging: false,
    });
    await dataSource.initialize();
    try {
      for (let i = 0; i < plan.migrations.length; i++)
        await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await shapeOf(service)).toEqual([]);
      const redone = await dataSource.runMigrations({ transaction: 'each' });
      expect(redone).toHaveLength(plan.migrations.length);
    } finally {
      await dataSource.destroy();
    }
    expect(await shapeOf(service)).toEqual(migrated);
  });
});
