import type { EventName, EventPayload } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import type { OrderEntity } from './order.entity.js';

/** An order event as its writer builds it: `seq` is added by the SQL that writes it. */
export type OrderEventInput<N extends EventName> = Omit<EventPayload<N>, 'seq'> & {
  readonly orderId: string;
};

/** The fields every order event carries: ids and times, never personal data. */
export function eventBase(o: Pick<OrderEntity, 'id' | 'customerId'>): {
  orderId: string;
  customerId: string;
  occurredAt: string;
} {
  return { orderId: o.id, customerId: o.customerId, occurredAt: new Date().toISOString() };
}

/**
 * SQL writing an outbox row whose payload gets the order's next event number (`seq`) from
 * `source`'s `event_seq` column. Its values are appended to `params`.
 */
function insertNumbered(m: EntityManager, source: string, name: string, payload: unknown, params: unknown[]) {
  const row = OutboxWriter.row(name, payload);
  const p = (value: string, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  return (
    `INSERT INTO ${OutboxWriter.table(m)} (id, name, payload) ` +
    `SELECT ${p(row.id, 'uuid')}, ${p(row.name, 'text')}, ` +
    `${p(row.payload, 'jsonb')} || jsonb_build_object('seq', ${source}.event_seq) FROM ${source}`
  );
}

/**
 * Writes an order event to the outbox in the caller's transaction, numbered: the order's
 * `event_seq` is raised in the same statement. Callers hold the order's row lock (or change
 * the row in this transaction), so an order's events are numbered in the order they commit.
 */
export async function emit<N extends EventName>(
  tx: EntityManager,
  name: N,
  payload: OrderEventInput<N>,
): Promise<void> {
  const params: unknown[] = [payload.orderId];
  const insert = insertNumbered(tx, 's', name, payload, params);
  await tx.query(
    `WITH s AS (UPDATE orders SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq) ${insert}`,
    params,
  );
}

/**
 * SQL writing an order event with the change its statement makes, once per row of `source` (the
 * CTE that made it, returning the order's new `event_seq`), so the event is written only if the
 * change was; its values are appended to the statement's `params`.
 */
export function announce<N extends EventName>(
  m: EntityManager,
  source: string,
  name: N,
  payload: OrderEventInput<N>,
  params: unknown[],
): string {
  return insertNumbered(m, source, name, payload, params);
}
