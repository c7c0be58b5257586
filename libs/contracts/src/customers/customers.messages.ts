/** Roles carried in access tokens; see ARCHITECTURE.md "Security". */
export const ROLES = ['customer', 'provider', 'operator', 'dpo', 'accountant', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RegisterCustomerPayload {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
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
}
