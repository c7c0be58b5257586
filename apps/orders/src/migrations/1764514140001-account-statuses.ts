import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts an admin locked or deactivated (from `account.status-changed`): no new orders for them. */
export class AccountStatuses1764514140001 implements MigrationInterface {
  name = 'AccountStatuses1764514140001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_statuses (
        account_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('active','locked','deactivated')),
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_statuses`);
  }
}
