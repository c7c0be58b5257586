import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES } from '@offera/contracts';
import type { AccessTokenClaims, AuthUser } from './auth-user.js';
import { SessionStates } from './session-states.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface SignOptions {
  /** Only for tokens that must never be taken for an access token (e.g. the queue board's cookie). */
  readonly audience?: string;
  readonly expiresInSeconds: number;
}

const invalid = () => new UnauthorizedException('The access token is invalid or expired');

/**
 * Signs and checks the gateway's tokens, the one place that does. `authenticate` is what every
 * protected route (and the queue board) relies on: the signature and claims, then whether the
 * account's sessions still stand (an erasure, lock or deactivation ends them; see SessionStates).
 */
@Injectable()
export class AccessTokens {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionStates,
  ) {}

  sign(claims: AccessTokenClaims, options: SignOptions): Promise<string> {
    return this.jwt.signAsync(
      { ...claims },
      {
        algorithm: 'HS256',
        expiresIn: options.expiresInSeconds,
        ...(options.audience ? { audience: options.audience } : {}),
      },
    );
  }

  /** The caller, when the token is valid and its session has not ended; else 401. */
  async authenticate(token: string, audience?: string): Promise<AuthUser> {
    const user = (audience ? undefined : this.verified.get(token)) ?? (await this.verify(token, audience));
    if (!(await this.sessions.admits(user.id, user.sessionVersion)))
      throw new UnauthorizedException('The session has ended; sign in again');
    return user;
  }

  private async verify(token: string, audience?: string): Promise<AuthUser> {
    let claims: AccessTokenClaims & { exp?: unknown; aud?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown; aud?: unknown }>(token, {
        algorithms: ['HS256'],
        ...(audience ? { audience } : {}),
      });
    } catch {
      throw invalid();
    }
    // An access token has no audience; one with an audience is for something else.
    if (!audience && claims.aud !== undefined) throw invalid();
    if (typeof claims.sub !== 'string' || !(ROLES as readonly string[]).includes(claims.role))
      throw invalid();
    const sv = claims.sv ?? 0;
    if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 0) throw invalid();
    const user: AuthUser = { id: claims.sub, role: claims.role, sessionVersion: sv };
    if (!audience) this.verified.remember(token, user, claims.exp);
    return user;
  }
}
