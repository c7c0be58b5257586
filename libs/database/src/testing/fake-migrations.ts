import type { MigrationInterface, QueryRunner } from 'typeorm';

import { outboxTableMigrationSql } from '../outbox/outbox-table.sql.js';

/** Tiny migrations for two fake service schemas, used by this library's integration tests. */
export class CustomersInit1700000000001 implements MigrationInterface {
  name = 'CustomersInit1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customers"."things" ("id" serial PRIMARY KEY, "label" text NOT NULL)`);
    for (const sql of outboxTableMigrationSql('customers').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('customers').down) await q.query(sql);
    await q.query(`DROP TABLE "customers"."things"`);
  }
}

export class OrdersInit1700000000002 implements MigrationInterface {
  name = 'OrdersInit1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."orders" ("id" serial PRIMARY KEY, "total_cents" integer NOT NULL)`);
    for (const sql of outboxTableMigrationSql('orders').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('orders').down) await q.query(sql);
    await q.query(`DROP TABLE "orders"."orders"`);
  }
}

/** Adds a second migration later, to prove a re-run applies only what is new. */
export class OrdersAddNote1700000000003 implements MigrationInterface {
  name = 'OrdersAddNote1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders"."orders" ADD COLUMN "note" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders"."orders" DROP COLUMN "note"`);
  }
}

export class BrokenMigration1700000000009 implements MigrationInterface {
  name = 'BrokenMigration1700000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customers"."half_done" ("id" int)`);
    await q.query(`SELECT * FROM "customers"."no_such_table"`);
  }

  async down(): Promise<void> {}
}
