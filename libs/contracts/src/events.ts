import type { QueueName } from './queues.js';

export interface CustomerRegisteredEvent {
  readonly customerId: string;
  readonly occurredAt: string;
}

/** Every event: name → payload. Events carry ids, not personal data. */
export interface EventCatalogue {
  'customer.registered': CustomerRegisteredEvent;
}

export type EventName = keyof EventCatalogue;
export type EventPayload<N extends EventName> = EventCatalogue[N];

/** The one routing table for events: which services' queues receive each event. */
export const EVENT_SUBSCRIBERS: Readonly<Record<EventName, readonly QueueName[]>> = {
  'customer.registered': ['notifications'],
};

/** The events a service must handle, derived from the routing table. */
export function eventsFor(queue: QueueName): EventName[] {
  return (Object.keys(EVENT_SUBSCRIBERS) as EventName[]).filter((e) => EVENT_SUBSCRIBERS[e].includes(queue));
}
