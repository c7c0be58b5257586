import { withPgClient } from '@offera/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { scanPostgres } from './scan-postgres.js';
import { createTestDatabase, testAdminUrl, type TestDatabase } from './test-database.js';

class PeopleInit1700000000101 implements MigrationInterface {
  name = 'PeopleInit1700000000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customers"."people" (
      "id" serial PRIMARY KEY, "note" text, "email" varchar(200), "profile" jsonb, "tags" text[], "number" int)`);
    await q.query(`CREATE TABLE "customers"."empty" ("id" int, "label" text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customers"."people", "customers"."empty"`);
  }
}

describe('scanPostgres and createTestDatabase', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'customers', migrations: [PeopleInit1700000000101] }]);
    await withPgClient(db.serviceUrls.customers, async (client) => {
      await client.query(
        `INSERT INTO people (note, email, profile, tags, number) VALUES
          ('called back', 'Maija.Meikalainen@Example.fi', '{"address": {"street": "Kotikatu 7"}}', '{vip,"Lahti"}', 424242)`,
      );
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('creates an isolated database with service URLs into it', () => {
    expect(db.name).toMatch(/^offera_t_[0-9a-f]{12}$/);
    expect(new URL(db.serviceUrls.customers).pathname).toBe(`/${db.name}`);
    expect(new URL(db.serviceUrls.customers).username).toBe('offera_customers');
    expect(new URL(db.adminUrl).pathname).toBe(`/${db.name}`);
  });

  it('finds planted needles in text, varchar, jsonb and array columns, ignoring case', async () => {
    const hits = await scanPostgres(db.adminUrl, [
      'maija.meikalainen@example.fi',
      'kotikatu 7',
      'LAHTI',
      'called',
    ]);
    expect(hits).toEqual(
      expect.arrayContaining([
        { schema: 'customers', table: 'people', column: 'email', needle: 'maija.meikalainen@example.fi' },
        { schema: 'customers', table: 'people', column: 'profile', needle: 'kotikatu 7' },
        { schema: 'customers', table: 'people', column: 'tags', needle: 'LAHTI' },
        { schema: 'customers', table: 'people', column: 'note', needle: 'called' },
      ]),
    );
    expect(hits).toHaveLength(4);
  });

  it('finds nothing for absent needles, numbers in non-text columns, or no needles', async () => {
    expect(await scanPostgres(db.adminUrl, ['matti.virtanen@example.fi', '424242'])).toEqual([]);
    expect(await scanPostgres(db.adminUrl, [])).toEqual([]);
    expect(await scanPostgres(db.adminUrl, [''])).toEqual([]);
  });

  it('treats LIKE wildcards in needles literally', async () => {
    expect(await scanPostgres(db.adminUrl, ['%', '_'])).toEqual([]);
  });

  it('drop() removes the database', async () => {
    const other = await createTestDatabase([]);
    await other.drop();
    await withPgClient(testAdminUrl(), async (admin) => {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [other.name]);
      expect(rows).toHaveLength(0);
    });
  });
});
