import { outboxTableMigrationSql } from '@offera/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The orders schema starts with its outbox; the booking tables come with the orders feature. */
export class InitialOrders1764100000000 implements MigrationInterface {
  name = 'InitialOrders1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('orders').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('orders').down) await q.query(sql);
  }
}
