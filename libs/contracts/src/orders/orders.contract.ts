import type { Message } from '../message.js';
import type { ErasureReceipt, EraseSubjectPayload } from '../privacy/privacy.messages.js';

/** Messages the orders service handles. Names are frozen once in use. */
export interface OrdersMessages {
  'orders.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
}

export const ORDERS_ROUTES: Readonly<Record<keyof OrdersMessages, 'orders'>> = {
  'orders.erase-subject': 'orders',
};

/** Events the orders service emits (through its outbox). They carry ids, not personal data. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the booking events land
export interface OrdersEvents {}

/** Events the orders service subscribes to. */
export const ORDERS_SUBSCRIPTIONS = [] as const;
