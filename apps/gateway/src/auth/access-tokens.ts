import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '@offera/config';
import { ROLES } from '@offera/contracts';
import type { GatewayConfig } from '../config.js';
import type { AccessTokenClaims, AuthUser } from './auth-user.js';
import { JwtKeyring } from './jwt-keys.js';
import { SessionStates } from './session-states.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface SignOptions {
  /** Only for tokens that must never be taken for an access token (e.g. the queue board's cookie). */
  readonly audience?: string;
  readonly expiresInSeconds: number;
}

/** How far ahead of this gateway's clock a token may say it was issued (clock skew between replicas). */
export const CLOCK_SKEW_SECONDS = 60;

type Claims = AccessTokenClaims & { exp?: unknown; iat?: unknown; aud?: unknown };

const invalid = () => new UnauthorizedException('The access token is invalid or expired');

/** A token's header, or null when it is not a JSON object. */
function headerOf(token: string): Record<string, unknown> | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Signs and checks the gateway's tokens, the one place that does. A token is taken only when
 * its header names the configured algorithm (never `none`) and one of our key ids (`kid`; the
 * current key signs, previous ones still verify until their tokens expire), its signature holds
 * under that key, and it carries `iat` and `exp` no further apart than JWT_MAX_LIFETIME_SECONDS
 * (nor issued in the future). `authenticate` then asks whether the account's sessions still
 * stand (an erasure, lock or deactivation ends them; see SessionStates): what every protected
 * route, and the queue board, relies on.
 */
@Injectable()
export class AccessTokens {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionStates,
    private readonly keys: JwtKeyring,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  sign(claims: AccessTokenClaims, options: SignOptions): Promise<string> {
    return this.jwt.signAsync(
      { ...claims },
      {
        algorithm: this.config.jwtAlgorithm,
        keyid: this.keys.currentId,
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
    const header = headerOf(token);
    if (!header || header.alg !== this.config.jwtAlgorithm || !this.keys.get(header.kid)) throw invalid();
    let claims: Claims;
    try {
      // The key is the one `kid` names (jwtModuleOptions' provider); only the configured algorithm.
      claims = await this.jwt.verifyAsync<Claims>(token, {
        algorithms: [this.config.jwtAlgorithm],
        ...(audience ? { audience } : {}),
      });
    } catch {
      throw invalid();
    }
    const { exp, iat } = claims;
    if (typeof exp !== 'number' || typeof iat !== 'number') throw invalid();
    if (exp - iat > this.config.jwtMaxLifetimeSeconds) throw invalid();
    if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw invalid();
    // An access token has no audience; one with an audience is for something else.
    if (!audience && claims.aud !== undefined) throw invalid();
    if (typeof claims.sub !== 'string' || !(ROLES as readonly string[]).includes(claims.role))
      throw invalid();
    const sv = claims.sv ?? 0;
    if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 0) throw invalid();
    const user: AuthUser = { id: claims.sub, role: claims.role, sessionVersion: sv };
    if (!audience) this.verified.remember(token, user, exp);
    return user;
  }
}
