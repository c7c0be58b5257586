import type { EventName, EventPayload } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import type { OrderEntity } from './order.entity.js';

/** The fields every order event carries: ids and times, never personal data. */
export function eventBase(o: Pick<OrderEntity, 'id' | 'customerId'>): {
  orderId: string;
  customerId: string;
  occurredAt: string;
} {
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

/**
 * SQL writing an order event with the change its statement makes, once per row of `source` (the
 * CTE that made it), so the event is written only if the change was; its values are appended to
 * the statement's `params`.
 */
export function announce<N extends EventName>(
  m: EntityManager,
  source: string,
  name: N,
  payload: EventPayload<N>,
  params: unknown[],
): string {
  return OutboxWriter.insertFrom(m, source, OutboxWriter.row(name, payload), (value, type) => {
    params.push(value);
    return `$${params.length}::${type}`;
  });
}
