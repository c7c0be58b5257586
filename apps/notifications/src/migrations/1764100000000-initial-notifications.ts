import { outboxTableMigrationSql } from '@offera/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialNotifications1764100000000 implements MigrationInterface {
  name = 'InitialNotifications1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outgoing_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_event_id uuid NOT NULL UNIQUE,
        recipient_id uuid NOT NULL,
        template text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email','sms')),
        status text NOT NULL CHECK (status IN ('pending','sending','sent','failed','cancelled')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outgoing_messages_recipient_idx ON outgoing_messages (recipient_id)`);
    for (const sql of outboxTableMigrationSql('notifications').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableMigrationSql('notifications').down) await q.query(sql);
    await q.query(`DROP TABLE outgoing_messages`);
  }
}
