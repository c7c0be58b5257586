import type { Message } from '../message.js';
import type { ErasureReceipt, EraseSubjectPayload } from '../privacy/privacy.messages.js';
import type {
  ContactDetails,
  CredentialsPayload,
  CustomerProfile,
  GetContactPayload,
  GetProfilePayload,
  LogoutPayload,
  RefreshPayload,
  RegisterCustomerPayload,
  SessionResult,
} from './customers.messages.js';

/** Messages the customers service handles. Names are frozen once in use. */
export interface CustomersMessages {
  'customers.register': Message<RegisterCustomerPayload, SessionResult>;
  'customers.login': Message<CredentialsPayload, SessionResult>;
  'customers.refresh': Message<RefreshPayload, SessionResult>;
  'customers.logout': Message<LogoutPayload, { readonly revoked: boolean }>;
  'customers.get-profile': Message<GetProfilePayload, CustomerProfile>;
  /** Contact details of any account (customer, provider, staff); NOT_FOUND once erased. */
  'customers.get-contact': Message<GetContactPayload, ContactDetails>;
  'customers.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
}

export const CUSTOMERS_ROUTES: Readonly<Record<keyof CustomersMessages, 'customers'>> = {
  'customers.register': 'customers',
  'customers.login': 'customers',
  'customers.refresh': 'customers',
  'customers.logout': 'customers',
  'customers.get-profile': 'customers',
  'customers.get-contact': 'customers',
  'customers.erase-subject': 'customers',
};

export interface CustomerRegisteredEvent {
  readonly customerId: string;
  readonly occurredAt: string;
}

/** Events the customers service emits (through its outbox). They carry ids, not personal data. */
export interface CustomersEvents {
  'customer.registered': CustomerRegisteredEvent;
}

/** Events the customers service subscribes to. */
export const CUSTOMERS_SUBSCRIPTIONS = [] as const;
