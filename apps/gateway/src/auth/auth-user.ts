import type { Role } from '@offera/contracts';

/** Who is calling, from a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
}

export interface AccessTokenClaims {
  readonly sub: string;
  readonly role: Role;
}
