import { assertIdentifier } from '../data-source-options.js';
import { outboxChannel } from './outbox-message.entity.js';

/**
 * DDL of `<schema>.outbox`, for each service's first migration (`seq` keeps insertion order,
 * which `created_at`, the transaction's start time, does not within one transaction):
 * `for (const sql of outboxTableMigrationSql('orders').up) await queryRunner.query(sql)`. A statement trigger
 * NOTIFYs the relay; Postgres delivers it only on commit, and never for a rollback.
 */
export function outboxTableMigrationSql(schema: string): { up: string[]; down: string[] } {
  const s = `"${assertIdentifier(schema, 'schema')}"`;
  const channel = outboxChannel(schema);
  return {
    up: [
      `CREATE TABLE IF NOT EXISTS ${s}."outbox" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "name" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text NULL
      )`,
      `CREATE INDEX IF NOT EXISTS "outbox_seq_idx" ON ${s}."outbox" ("seq")`,
      `CREATE OR REPLACE FUNCTION ${s}."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${channel}', '');
        RETURN NULL;
      END
      $$`,
      `DROP TRIGGER IF EXISTS "outbox_notify" ON ${s}."outbox"`,
      `CREATE TRIGGER "outbox_notify" AFTER INSERT ON ${s}."outbox"
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}."outbox_notify"()`,
    ],
    down: [`DROP TABLE IF EXISTS ${s}."outbox"`, `DROP FUNCTION IF EXISTS ${s}."outbox_notify"()`],
  };
}
