import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { assertIdentifier } from '../data-source-options.js';

/** Schema of the manager's data source (where its outbox table lives). */
function schemaOf(manager: EntityManager): string {
  const schema = (manager.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source has no schema; build it with dataSourceOptions()');
  return assertIdentifier(schema, 'schema');
}

/** One outbox row's values as they are stored: a fresh message id, the name, the JSON payload. */
export interface OutboxRow {
  readonly id: string;
  readonly name: string;
  readonly payload: string;
}

/** Places a value among a statement's parameters and returns its (cast) placeholder. */
export type SqlParam = (value: string, type: 'uuid' | 'text' | 'jsonb') => string;

/**
 * Writes outbox rows as part of the caller's transaction. Use the static `OutboxWriter.add`,
 * or provide the class in a module and inject it.
 */
@Injectable()
export class OutboxWriter {
  /** The manager's outbox table, schema-qualified, for a statement that adds rows itself. */
  static table(manager: EntityManager): string {
    return `"${schemaOf(manager)}"."outbox"`;
  }

  /**
   * A row to insert into `table(manager)` from a statement that also makes the change the event
   * announces (so both commit or neither does).
   */
  static row(name: string, payload: unknown): OutboxRow {
    if (!name) throw new Error('an outbox message needs a name');
    return { id: randomUUID(), name, payload: JSON.stringify(payload ?? null) };
  }

  /**
   * SQL inserting `row` into the manager's outbox once per row of `source` (e.g. the CTE that
   * made the change), for a statement that announces its own change: the event is written only
   * if the change was.
   */
  static insertFrom(manager: EntityManager, source: string, row: OutboxRow, param: SqlParam): string {
    return (
      `INSERT INTO ${OutboxWriter.table(manager)} (id, name, payload) ` +
      `SELECT ${param(row.id, 'uuid')}, ${param(row.name, 'text')}, ${param(row.payload, 'jsonb')} FROM ${source}`
    );
  }

  /**
   * Adds an event to the outbox in the transaction `manager` belongs to, so it is published
   * if and only if that transaction commits. Returns the message id (use it as the
   * subscribers' idempotency key).
   */
  static async add(manager: EntityManager, name: string, payload: unknown): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('OutboxWriter.add must be called with the EntityManager of an open transaction');
    const row = OutboxWriter.row(name, payload);
    await manager.query(
      `INSERT INTO ${OutboxWriter.table(manager)} (id, name, payload) VALUES ($1, $2, $3)`,
      [row.id, row.name, row.payload],
    );
    return row.id;
  }

  /**
   * Several events in one statement, published in the given order (rows take `seq` in VALUES
   * order); same guarantees as `add`. Returns their message ids in that order.
   */
  static async addMany(
    manager: EntityManager,
    events: readonly { readonly name: string; readonly payload: unknown }[],
  ): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('OutboxWriter.addMany must be called with the EntityManager of an open transaction');
    if (events.some((e) => !e.name)) throw new Error('an outbox message needs a name');
    if (!events.length) return [];
    const rows = events.map((e) => OutboxWriter.row(e.name, e.payload));
    const values = rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`);
    await manager.query(
      `INSERT INTO ${OutboxWriter.table(manager)} (id, name, payload) VALUES ${values.join(', ')}`,
      rows.flatMap((r) => [r.id, r.name, r.payload]),
    );
    return rows.map((r) => r.id);
  }

  /** Same as the static `OutboxWriter.add`, for injected instances. */
  add(manager: EntityManager, name: string, payload: unknown): Promise<string> {
    return OutboxWriter.add(manager, name, payload);
  }

  /** Same as the static `OutboxWriter.addMany`, for injected instances. */
  addMany(
    manager: EntityManager,
    events: readonly { readonly name: string; readonly payload: unknown }[],
  ): Promise<string[]> {
    return OutboxWriter.addMany(manager, events);
  }
}
