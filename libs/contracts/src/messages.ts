import type { CustomersMessages } from './customers/customers.contract.js';
import { CUSTOMERS_ROUTES } from './customers/customers.contract.js';
import type { NotificationsMessages } from './notifications/notifications.contract.js';
import { NOTIFICATIONS_ROUTES } from './notifications/notifications.contract.js';
import type { OrdersMessages } from './orders/orders.contract.js';
import { ORDERS_ROUTES } from './orders/orders.contract.js';
import type { PrivacyMessages } from './privacy/privacy.contract.js';
import { PRIVACY_ROUTES } from './privacy/privacy.contract.js';
import type { QueueName } from './queues.js';

export type { Message } from './message.js';

/**
 * Every request/reply message: name → payload and result, composed from each service's
 * contract file. Each is handled by exactly one service (MESSAGE_ROUTES).
 */
export interface MessageCatalogue
  extends CustomersMessages, OrdersMessages, NotificationsMessages, PrivacyMessages {}

export type MessageName = keyof MessageCatalogue;
export type MessagePayload<N extends MessageName> = MessageCatalogue[N]['payload'];
export type MessageResult<N extends MessageName> = MessageCatalogue[N]['result'];

/** Which service's queue handles each message. */
export const MESSAGE_ROUTES: Readonly<Record<MessageName, QueueName>> = {
  ...CUSTOMERS_ROUTES,
  ...ORDERS_ROUTES,
  ...NOTIFICATIONS_ROUTES,
  ...PRIVACY_ROUTES,
};

/** The per-service step of an erasure, one child job each in the privacy saga's flow. */
export const ERASE_SUBJECT_MESSAGES: Readonly<Record<QueueName, MessageName>> = {
  customers: 'customers.erase-subject',
  orders: 'orders.erase-subject',
  notifications: 'notifications.erase-subject',
  privacy: 'privacy.erase-subject',
};
