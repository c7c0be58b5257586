import type { Message } from '../message.js';
import type {
  ErasureReceipt,
  EraseSubjectPayload,
  ExportSubjectPayload,
  RectificationReceipt,
  RectifySubjectPayload,
  RestrictionReceipt,
  RestrictSubjectPayload,
  SubjectExport,
} from '../privacy/privacy.messages.js';
import type {
  AccountView,
  AddAddressPayload,
  AddressView,
  ChangePasswordPayload,
  CreateAccountPayload,
  CreateCustomerByStaffPayload,
  CustomerSummary,
  EligibleProviders,
  FindEligibleProvidersPayload,
  GetAccountPayload,
  GetCustomerPayload,
  ListAddressesPayload,
  MaskedIdentityCode,
  PurgeExpiredIpsPayload,
  PurgeResult,
  RotateIdentityCodesPayload,
  RotationResult,
  RemoveAddressPayload,
  GetAddressPayload,
  RevealedIdentityCode,
  RevealIdentityCodePayload,
  SearchCustomersPayload,
  SetIdentityCodePayload,
  StaffCustomerView,
  UpdateAddressPayload,
  UpdateProfilePayload,
  ContactDetails,
  CredentialsPayload,
  CustomerProfile,
  GetContactPayload,
  GetProfilePayload,
  LogoutPayload,
  RefreshPayload,
  RegisterCustomerPayload,
  SessionResult,
  AccountStatus,
  AccountStatusView,
  GetSessionStatePayload,
  SessionState,
  SetAccountStatusPayload,
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
  'customers.export-subject': Message<ExportSubjectPayload, SubjectExport>;
  'customers.rectify-subject': Message<RectifySubjectPayload, RectificationReceipt>;
  'customers.restrict-subject': Message<RestrictSubjectPayload, RestrictionReceipt>;
  /** Self-service or staff edit; the actor is recorded in the rectification history. */
  'customers.update-profile': Message<UpdateProfilePayload, CustomerProfile>;
  'customers.list-addresses': Message<ListAddressesPayload, readonly AddressView[]>;
  'customers.add-address': Message<AddAddressPayload, AddressView>;
  'customers.update-address': Message<UpdateAddressPayload, AddressView>;
  'customers.remove-address': Message<RemoveAddressPayload, { readonly removed: boolean }>;
  /** The orders service snapshots a saved address named by id on an order or series. */
  'customers.get-address': Message<GetAddressPayload, AddressView>;
  'customers.set-identity-code': Message<SetIdentityCodePayload, MaskedIdentityCode>;
  'customers.change-password': Message<ChangePasswordPayload, { readonly changed: boolean }>;
  /** Staff and provider accounts, created by an admin. */
  'customers.create-account': Message<CreateAccountPayload, AccountView>;
  'customers.get-account': Message<GetAccountPayload, AccountView>;
  /** Asked by the gateway for an account it holds no answer for; an unknown account is active. */
  'customers.get-session-state': Message<GetSessionStatePayload, SessionState>;
  /** An admin locks, deactivates or reactivates an account; every session ends on lock or deactivation. */
  'customers.set-account-status': Message<SetAccountStatusPayload, AccountStatusView>;
  /** Providers serving the postal code who do the service; ids only. */
  'customers.find-eligible-providers': Message<FindEligibleProvidersPayload, EligibleProviders>;
  'customers.search': Message<SearchCustomersPayload, readonly CustomerSummary[]>;
  /** An operator registers a customer ordering by phone or letter (no password: cannot sign in). */
  'customers.create-by-staff': Message<CreateCustomerByStaffPayload, StaffCustomerView>;
  'customers.get-customer': Message<GetCustomerPayload, StaffCustomerView>;
  /** Returns the identity code in clear and writes an audit entry (who, when, why). */
  'customers.reveal-identity-code': Message<RevealIdentityCodePayload, RevealedIdentityCode>;
  /** Sent by a repeatable job: deletes IP addresses past their retention period. */
  'customers.purge-expired-ips': Message<PurgeExpiredIpsPayload, PurgeResult>;
  /** Sent by a repeatable job: re-encrypts identity codes still under an old key with the active one. */
  'customers.rotate-identity-codes': Message<RotateIdentityCodesPayload, RotationResult>;
}

export const CUSTOMERS_ROUTES: Readonly<Record<keyof CustomersMessages, 'customers'>> = {
  'customers.register': 'customers',
  'customers.login': 'customers',
  'customers.refresh': 'customers',
  'customers.logout': 'customers',
  'customers.get-profile': 'customers',
  'customers.get-contact': 'customers',
  'customers.erase-subject': 'customers',
  'customers.export-subject': 'customers',
  'customers.rectify-subject': 'customers',
  'customers.restrict-subject': 'customers',
  'customers.update-profile': 'customers',
  'customers.list-addresses': 'customers',
  'customers.add-address': 'customers',
  'customers.update-address': 'customers',
  'customers.remove-address': 'customers',
  'customers.get-address': 'customers',
  'customers.set-identity-code': 'customers',
  'customers.change-password': 'customers',
  'customers.create-account': 'customers',
  'customers.get-account': 'customers',
  'customers.get-session-state': 'customers',
  'customers.set-account-status': 'customers',
  'customers.find-eligible-providers': 'customers',
  'customers.search': 'customers',
  'customers.create-by-staff': 'customers',
  'customers.get-customer': 'customers',
  'customers.reveal-identity-code': 'customers',
  'customers.purge-expired-ips': 'customers',
  'customers.rotate-identity-codes': 'customers',
};

export interface CustomerRegisteredEvent {
  readonly customerId: string;
  readonly occurredAt: string;
}

/** What a staff member did with a customer's record that the DPO's audit log must show. */
export const STAFF_ACCESS_ACTIONS = ['customer.viewed', 'identity-code.revealed'] as const;
export type StaffAccessAction = (typeof STAFF_ACCESS_ACTIONS)[number];

/**
 * A staff member read a customer's record or revealed their identity code: written with the
 * access, and recorded in the privacy service's audit log (the one log the DPO reads).
 */
export interface CustomerStaffAccessedEvent {
  /** Names this access: the same access reported again is recorded once. */
  readonly accessId: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly customerId: string;
  readonly action: StaffAccessAction;
  /** Why, as the staff member gave it; null when none was asked for. */
  readonly reason: string | null;
  readonly occurredAt: string;
}

/** An admin locked, deactivated or reactivated an account (its sessions ended unless `active`). */
export interface AccountStatusChangedEvent {
  readonly accountId: string;
  readonly status: AccountStatus;
  readonly occurredAt: string;
}

/** Events the customers service emits (through its outbox). They carry ids, not personal data. */
export interface CustomersEvents {
  'customer.registered': CustomerRegisteredEvent;
  'customer.staff-accessed': CustomerStaffAccessedEvent;
  'account.status-changed': AccountStatusChangedEvent;
}

/** Events the customers service subscribes to. */
export const CUSTOMERS_SUBSCRIPTIONS = [] as const;
