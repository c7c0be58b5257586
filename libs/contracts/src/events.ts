import { CUSTOMERS_SUBSCRIPTIONS, type CustomersEvents } from './customers/customers.contract.js';
import {
  NOTIFICATIONS_SUBSCRIPTIONS,
  type NotificationsEvents,
} from './notifications/notifications.contract.js';
import { ORDERS_SUBSCRIPTIONS, type OrdersEvents } from './orders/orders.contract.js';
import { PRIVACY_SUBSCRIPTIONS, type PrivacyEvents } from './privacy/privacy.contract.js';
import type { QueueName } from './queues.js';

/** Every event: name → payload, declared by the service that emits it. Events carry ids, not personal data. */
export interface EventCatalogue extends CustomersEvents, OrdersEvents, NotificationsEvents, PrivacyEvents {}

export type EventName = keyof EventCatalogue;
export type EventPayload<N extends EventName> = EventCatalogue[N];

/** What each service subscribes to, declared in its own contract file. */
const SUBSCRIPTIONS: Readonly<Record<QueueName, readonly EventName[]>> = {
  customers: CUSTOMERS_SUBSCRIPTIONS,
  orders: ORDERS_SUBSCRIPTIONS,
  notifications: NOTIFICATIONS_SUBSCRIPTIONS,
  privacy: PRIVACY_SUBSCRIPTIONS,
};

/** The one routing table for events: which services' queues receive each event. */
export const EVENT_SUBSCRIBERS: Readonly<Record<string, readonly QueueName[]>> = (() => {
  const table: Record<string, QueueName[]> = {};
  for (const [queue, events] of Object.entries(SUBSCRIPTIONS) as [QueueName, readonly EventName[]][]) {
    for (const event of events) (table[event] ??= []).push(queue);
  }
  return table;
})();
