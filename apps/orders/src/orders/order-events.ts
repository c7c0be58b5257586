import type { EventName, EventPayload } from '@offera/contracts';
import { type OutboxRow, OutboxWriter } from '@offera/database';
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

/** An order event as an outbox row, for a statement that also makes the change it announces. */
export function eventRow<N extends EventName>(name: N, payload: EventPayload<N>): OutboxRow {
  return OutboxWriter.row(name, payload);
}
