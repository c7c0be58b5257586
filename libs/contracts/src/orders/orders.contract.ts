import type { Message } from '../message.js';
import type { ErasureReceipt, EraseSubjectPayload } from '../privacy/privacy.messages.js';

/** Messages the orders service handles. Names are frozen once in use. */
export interface OrdersMessages {
  'orders.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
}

export const ORDERS_ROUTES: Readonly<Record<keyof OrdersMessages, 'orders'>> = {
  'orders.erase-subject': 'orders',
};

interface OrderEventBase {
  readonly orderId: string;
  readonly customerId: string;
  readonly occurredAt: string;
}

export interface OrderPlacedEvent extends OrderEventBase {
  /** ISO instant of the visit's start. */
  readonly startsAt: string;
  readonly seriesId: string | null;
}

export interface OrderOfferedEvent extends OrderEventBase {
  readonly providerIds: readonly string[];
  readonly expiresAt: string;
  readonly startsAt: string;
}

export interface OrderAssignedEvent extends OrderEventBase {
  readonly providerId: string;
  readonly startsAt: string;
}

export interface OrderRescheduledEvent extends OrderEventBase {
  readonly providerId: string | null;
  readonly startsAt: string;
  readonly previousStartsAt: string;
}

export interface OrderCancelledEvent extends OrderEventBase {
  readonly providerId: string | null;
  readonly startsAt: string;
  readonly cancelledBy: 'customer' | 'company';
  readonly feeCents: number;
}

export interface OrderCompletedEvent extends OrderEventBase {
  readonly providerId: string;
}

export interface OrderRatedEvent extends OrderEventBase {
  readonly providerId: string;
  readonly rating: number;
}

/** Events the orders service emits (through its outbox). They carry ids, not personal data. */
export interface OrdersEvents {
  'order.placed': OrderPlacedEvent;
  'order.offered': OrderOfferedEvent;
  'order.assigned': OrderAssignedEvent;
  'order.rescheduled': OrderRescheduledEvent;
  'order.cancelled': OrderCancelledEvent;
  'order.completed': OrderCompletedEvent;
  'order.rated': OrderRatedEvent;
}

/** Events the orders service subscribes to. */
export const ORDERS_SUBSCRIPTIONS = [] as const;
