import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload } from '@offera/contracts';
import { OutboxWriter, assertIdentifier } from '@offera/database';
import type { EntityManager } from 'typeorm';
import type { OrderEntity } from './order.entity.js';

/** The fields every order event carries: ids and times, never personal data. */
export function eventBase(o: OrderEntity): { orderId: string; customerId: string; occurredAt: string } {
  return { orderId: o.id, customerId: o.customerId, occurredAt: new Date().toISOString() };
}

/** Writes an order event to the outbox in the caller's transaction. */
export function emit<N extends EventName>(
  tx: EntityManager,
  name: N,
  payload: EventPayload<N>,
): Promise<string> {
  return OutboxWriter.add(tx, name, payload);
}

/** The outbox table (schema-qualified, as `OutboxWriter` writes it) for statements that add rows. */
export function outboxTable(m: EntityManager): string {
  const schema = (m.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source has no schema');
  return `"${assertIdentifier(schema, 'schema')}"."outbox"`;
}

/**
 * The values of one outbox row, written the way `OutboxWriter.add` writes them, for a statement
 * that adds the event together with the change it announces (so both commit or neither does).
 */
export function outboxRow<N extends EventName>(
  name: N,
  payload: EventPayload<N>,
): { id: string; name: N; payload: string } {
  return { id: randomUUID(), name, payload: JSON.stringify(payload ?? null) };
}
