import type { Role } from '@offera/contracts';

/** Who is calling, from a verified access token of a session that has not ended. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
  /** The account's session version the token was issued under (see SessionStates). */
  readonly sessionVersion: number;
}

export interface AccessTokenClaims {
  readonly sub: string;
  readonly role: Role;
  /** The account's session version when the token was issued (absent in older tokens: 0). */
  readonly sv?: number;
}
