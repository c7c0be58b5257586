import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery tracking, reminders, the marketing projection and suppression list, and the state
 * kept per privacy request. No table holds an address or a name in clear: contact details are
 * fetched at send time, the suppression list holds a keyed hash, and the one contact snapshot
 * (for an erasure's outcome notice) is sealed.
 */
export class NotificationsDelivery1764210000000 implements MigrationInterface {
  name = 'NotificationsDelivery1764210000000';

  async up(q: QueryRunner): Promise<void> {
    // One event may message several recipients and channels; each (event, recipient, channel) once.
    await q.query(`ALTER TABLE outgoing_messages DROP CONSTRAINT outgoing_messages_source_event_id_key`);
    await q.query(`
      ALTER TABLE outgoing_messages
        ADD CONSTRAINT outgoing_messages_source_recipient_channel_key UNIQUE (source_event_id, recipient_id, channel),
        ADD COLUMN kind text NOT NULL DEFAULT 'transactional' CHECK (kind IN ('transactional','marketing')),
        ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN sent_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES outgoing_messages (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent','transient','permanent')),
        code text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX delivery_attempts_message_idx ON delivery_attempts (message_id)`);
    await q.query(`
      CREATE TABLE reminders (
        order_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled','sent','cancelled')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reminders_customer_idx ON reminders (customer_id)`);
    await q.query(`
      CREATE TABLE marketing_preferences (
        subject_id uuid PRIMARY KEY,
        consent boolean NOT NULL DEFAULT false,
        consent_changed_at timestamptz,
        restricted boolean NOT NULL DEFAULT false,
        restriction_changed_at timestamptz,
        objected_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE suppression_list (
        address_hash text PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('objection','unsubscribe')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE request_notices (
        request_id uuid PRIMARY KEY,
        subject_id uuid NOT NULL,
        type text NOT NULL,
        due_at timestamptz NOT NULL,
        sealed_contact text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_notices_subject_idx ON request_notices (subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_notices`);
    await q.query(`DROP TABLE suppression_list`);
    await q.query(`DROP TABLE marketing_preferences`);
    await q.query(`DROP TABLE reminders`);
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`
      ALTER TABLE outgoing_messages
        DROP CONSTRAINT outgoing_messages_source_recipient_channel_key,
        DROP COLUMN kind, DROP COLUMN params, DROP COLUMN attempts, DROP COLUMN last_error,
        DROP COLUMN sent_at, DROP COLUMN updated_at`);
    await q.query(
      `ALTER TABLE outgoing_messages ADD CONSTRAINT outgoing_messages_source_event_id_key UNIQUE (source_event_id)`,
    );
  }
}
