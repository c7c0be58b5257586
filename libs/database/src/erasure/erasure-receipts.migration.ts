import type { MigrationInterface, QueryRunner } from 'typeorm';
import { erasureReceiptsMigrationSql } from './erasure-receipts.js';

/**
 * Erasure receipts kept per privacy request, so a re-run answers with the first run's receipt.
 * The same migration in every service's list: each applies it to its own schema.
 */
export class ErasureReceipts1764400000001 implements MigrationInterface {
  name = 'ErasureReceipts1764400000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of erasureReceiptsMigrationSql().up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of erasureReceiptsMigrationSql().down) await q.query(sql);
  }
}
