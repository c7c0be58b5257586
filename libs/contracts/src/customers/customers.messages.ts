/** Roles carried in access tokens; see ARCHITECTURE.md "Security". */
export const ROLES = ['customer', 'provider', 'operator', 'dpo', 'accountant', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RegisterCustomerPayload {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
  /** Optional; validated and stored as staff-entered ones are (E.164). */
  readonly phone?: string;
  /** The language notifications are sent in; fi when omitted. */
  readonly language?: Language;
  readonly ip?: string;
}

export interface CredentialsPayload {
  readonly email: string;
  readonly password: string;
  readonly ip?: string;
}

/** What an authenticated session is built from; the gateway signs the access token. */
export interface SessionResult {
  readonly accountId: string;
  readonly role: Role;
  readonly refreshToken: string;
  /** The account's session version now; the access token carries it (`sv`), see SessionState. */
  readonly sessionVersion: number;
}

/**
 * Whether an account's sessions may be used: every erasure, lock or deactivation ends them all by
 * raising `version`; a token signed with a lower one is refused, and none while `active` is false.
 */
export interface SessionState {
  readonly version: number;
  readonly active: boolean;
}

export interface GetSessionStatePayload {
  readonly accountId: string;
}

/** `locked` (held, e.g. suspected misuse) and `deactivated` (closed by staff) both end every session. */
export const ACCOUNT_STATUSES = ['active', 'locked', 'deactivated'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface SetAccountStatusPayload {
  readonly actor: Actor;
  readonly accountId: string;
  readonly status: AccountStatus;
}

export interface AccountStatusView {
  readonly accountId: string;
  readonly status: AccountStatus;
}

export interface RefreshPayload {
  readonly refreshToken: string;
}

export interface LogoutPayload {
  readonly refreshToken: string;
}

export interface GetProfilePayload {
  readonly customerId: string;
}

export interface GetContactPayload {
  readonly accountId: string;
}

/** How to reach an account holder: for notifications only, never stored by the caller longer than needed. */
export interface ContactDetails {
  readonly accountId: string;
  readonly role: Role;
  readonly email: string;
  /** E.164, when known. */
  readonly phone: string | null;
  readonly firstName: string;
  readonly lastName: string;
  /** The language to write in: Finnish unless the person chose English. */
  readonly language: 'fi' | 'en';
}

export interface CustomerProfile {
  readonly id: string;
  readonly customerNumber: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly createdAt: string;
  /** E.164, when given. */
  readonly phone: string | null;
  readonly language: 'fi' | 'en';
  /** Masked; null when none was given. */
  readonly identityCode: MaskedIdentityCode | null;
  /** Art. 18: while true, nothing but the restriction itself may change. */
  readonly restricted: boolean;
}

// ---------------------------------------------------------------------------------------------
// The customer register (profile, addresses, identity code), staff service and accounts.

export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const STAFF_ROLES = ['operator', 'dpo', 'accountant', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Why an identity code was given (the notice asks that the purpose be recorded). */
export const IDENTITY_CODE_PURPOSES = ['household_deduction', 'invoicing', 'credit_check'] as const;
export type IdentityCodePurpose = (typeof IDENTITY_CODE_PURPOSES)[number];

/** Who makes a change: recorded in the rectification history. */
export interface Actor {
  readonly accountId: string;
  readonly role: Role;
}

/** The identity code as responses show it: never in clear. */
export interface MaskedIdentityCode {
  /** e.g. `131052-****`. */
  readonly masked: string;
  readonly purpose: IdentityCodePurpose;
  readonly updatedAt: string;
}

export interface AddressInput {
  readonly street: string;
  /** Kept as text: leading zeros matter (`00100`). */
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2; FI when omitted. */
  readonly country?: string;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

export interface AddressView {
  readonly id: string;
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly country: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Profile fields a customer (or an operator for them) may change; omitted ones stay. */
export interface ProfileChanges {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  /** Any common format; stored as E.164. `null` removes it. */
  readonly phone?: string | null;
  readonly language?: Language;
}

export interface UpdateProfilePayload {
  readonly customerId: string;
  readonly actor: Actor;
  readonly changes: ProfileChanges;
}

export interface ListAddressesPayload {
  readonly customerId: string;
}

export interface AddAddressPayload {
  readonly customerId: string;
  readonly actor: Actor;
  readonly address: AddressInput;
}

export interface UpdateAddressPayload {
  readonly customerId: string;
  readonly addressId: string;
  readonly actor: Actor;
  readonly address: Partial<AddressInput>;
}

/** One of the customer's own saved addresses; another customer's id is NOT_FOUND like a missing one. */
export interface GetAddressPayload {
  readonly customerId: string;
  readonly addressId: string;
}

export interface RemoveAddressPayload {
  readonly customerId: string;
  readonly addressId: string;
  readonly actor: Actor;
}

export interface SetIdentityCodePayload {
  readonly customerId: string;
  readonly actor: Actor;
  /** In clear only inside this sealed message; stored encrypted, answered masked. */
  readonly identityCode: string;
  readonly purpose: IdentityCodePurpose;
}

export interface ChangePasswordPayload {
  readonly accountId: string;
  readonly currentPassword: string;
  readonly newPassword: string;
}

export interface ProviderDetailsInput {
  readonly kind: 'person' | 'company';
  /** Required for a company: Y-tunnus, checksum-validated. */
  readonly businessId?: string;
  readonly companyName?: string;
  /** Postal codes of the area the provider serves. */
  readonly postalCodes: readonly string[];
  /** Catalogue service codes the provider does. */
  readonly serviceCodes: readonly string[];
}

export interface CreateAccountPayload {
  readonly actor: Actor;
  readonly role: Exclude<Role, 'customer'>;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone?: string;
  readonly language?: Language;
  /** Required when role is `provider`. */
  readonly provider?: ProviderDetailsInput;
}

export interface ProviderDetails {
  readonly kind: 'person' | 'company';
  readonly businessId: string | null;
  readonly companyName: string | null;
  readonly postalCodes: readonly string[];
  readonly serviceCodes: readonly string[];
}

export interface AccountView {
  readonly id: string;
  readonly role: Role;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string | null;
  readonly language: Language;
  readonly createdAt: string;
  readonly provider: ProviderDetails | null;
}

export interface GetAccountPayload {
  readonly accountId: string;
}

export interface FindEligibleProvidersPayload {
  readonly postalCode: string;
  readonly serviceCode: string;
}

export interface EligibleProviders {
  readonly providerIds: readonly string[];
}

export interface SearchCustomersPayload {
  /** Customer number, email, phone or (part of a) name. */
  readonly q: string;
  readonly limit?: number;
}

export interface CustomerSummary {
  readonly id: string;
  readonly customerNumber: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
}

export interface CreateCustomerByStaffPayload {
  readonly actor: Actor;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string;
  readonly language?: Language;
  readonly address?: AddressInput;
}

export interface GetCustomerPayload {
  readonly customerId: string;
  /** The staff member reading the record: the view is audited. */
  readonly actor?: Actor;
  /** Why they read it, when they said. */
  readonly reason?: string;
}

/** A customer as staff see it: everything, identity code masked. */
export interface StaffCustomerView extends CustomerProfile {
  readonly addresses: readonly AddressView[];
}

export interface RevealIdentityCodePayload {
  readonly customerId: string;
  readonly actor: Actor;
  /** Why it is needed; stored in the audit entry. */
  readonly reason: string;
}

export interface RevealedIdentityCode {
  readonly identityCode: string;
  readonly purpose: IdentityCodePurpose;
  readonly revealId: string;
}

export interface PurgeExpiredIpsPayload {
  /** Overrides the configured retention (tests, manual runs). */
  readonly olderThanDays?: number;
}

export interface PurgeResult {
  readonly purged: number;
  /** Erasure receipts deleted: older than the DSR-record retention. */
  readonly erasureReceipts?: number;
}

export interface RotateIdentityCodesPayload {
  /** Rows re-encrypted per run; the rest wait for the next run. */
  readonly batchSize?: number;
}

export interface RotationResult {
  readonly rotated: number;
  /** Rows still under an old key after this run. */
  readonly remaining: number;
}
