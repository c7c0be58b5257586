import type {
  CredentialsPayload,
  CustomerProfile,
  GetProfilePayload,
  LogoutPayload,
  RefreshPayload,
  RegisterCustomerPayload,
  SessionResult,
} from './customers/customers.messages.js';
import type {
  CreatePrivacyRequestPayload,
  ErasureCompletedPayload,
  ErasureReceipt,
  EraseSubjectPayload,
  GetPrivacyRequestPayload,
  PrivacyRequestView,
} from './privacy/privacy.messages.js';
import type { QueueName } from './queues.js';

interface Message<P, R> {
  readonly payload: P;
  readonly result: R;
}

/**
 * Every request/reply message: its name, payload and result. Names are frozen once in use;
 * add new ones, never rename. Each is handled by exactly one service (MESSAGE_ROUTES).
 */
export interface MessageCatalogue {
  'customers.register': Message<RegisterCustomerPayload, SessionResult>;
  'customers.login': Message<CredentialsPayload, SessionResult>;
  'customers.refresh': Message<RefreshPayload, SessionResult>;
  'customers.logout': Message<LogoutPayload, { readonly revoked: boolean }>;
  'customers.get-profile': Message<GetProfilePayload, CustomerProfile>;
  'customers.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'orders.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'notifications.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'privacy.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'privacy.create-request': Message<CreatePrivacyRequestPayload, PrivacyRequestView>;
  'privacy.get-request': Message<GetPrivacyRequestPayload, PrivacyRequestView>;
  'privacy.erasure-completed': Message<ErasureCompletedPayload, PrivacyRequestView>;
}

export type MessageName = keyof MessageCatalogue;
export type MessagePayload<N extends MessageName> = MessageCatalogue[N]['payload'];
export type MessageResult<N extends MessageName> = MessageCatalogue[N]['result'];

/** Which service's queue handles each message. */
export const MESSAGE_ROUTES: Readonly<Record<MessageName, QueueName>> = {
  'customers.register': 'customers',
  'customers.login': 'customers',
  'customers.refresh': 'customers',
  'customers.logout': 'customers',
  'customers.get-profile': 'customers',
  'customers.erase-subject': 'customers',
  'orders.erase-subject': 'orders',
  'notifications.erase-subject': 'notifications',
  'privacy.erase-subject': 'privacy',
  'privacy.create-request': 'privacy',
  'privacy.get-request': 'privacy',
  'privacy.erasure-completed': 'privacy',
};

/** The per-service step of an erasure, one child job each in the privacy saga's flow. */
export const ERASE_SUBJECT_MESSAGES: Readonly<Record<QueueName, MessageName>> = {
  customers: 'customers.erase-subject',
  orders: 'orders.erase-subject',
  notifications: 'notifications.erase-subject',
  privacy: 'privacy.erase-subject',
};

/**
 * Messages whose payload or result carries personal data. The transport encrypts every
 * payload anyway; this list documents which ones must never be sent unencrypted.
 */
export const PERSONAL_DATA_MESSAGES: readonly MessageName[] = [
  'customers.register',
  'customers.login',
  'customers.get-profile',
];
