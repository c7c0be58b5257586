import type { Message } from '../message.js';
import type { ErasureReceipt, EraseSubjectPayload } from '../privacy/privacy.messages.js';

/** Messages the notifications service handles. Names are frozen once in use. */
export interface NotificationsMessages {
  'notifications.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
}

export const NOTIFICATIONS_ROUTES: Readonly<Record<keyof NotificationsMessages, 'notifications'>> = {
  'notifications.erase-subject': 'notifications',
};

/** Events the notifications service emits. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- none yet
export interface NotificationsEvents {}

/** Events the notifications service subscribes to; each needs exactly one @HandleEvent handler. */
export const NOTIFICATIONS_SUBSCRIPTIONS = ['customer.registered'] as const;
