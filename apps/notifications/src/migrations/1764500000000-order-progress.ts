import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest event number (`seq`) seen of each order, so an order's earlier event handled after
 * a later one (retries, competing consumers) sends nothing; and an index to find the messages
 * about one order to one recipient, so an earlier state's message is never delivered after a
 * later one's.
 */
export class OrderProgress1764500000000 implements MigrationInterface {
  name = 'OrderProgress1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE order_progress (
         order_id uuid PRIMARY KEY,
         last_seq integer NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await q.query(
      `CREATE INDEX outgoing_messages_order_seq_idx ON outgoing_messages ((params->>'orderId'), recipient_id)
         WHERE params ? 'seq'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outgoing_messages_order_seq_idx`);
    await q.query(`DROP TABLE order_progress`);
  }
}
