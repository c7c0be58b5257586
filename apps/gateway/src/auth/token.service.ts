import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { SessionResult } from '@offera/contracts';
import type { GatewayConfig } from '../config.js';
import { AccessTokens } from './access-tokens.js';
import type { TokensDto } from './dto/auth.dto.js';
import { SessionStates } from './session-states.js';

/** Signs short-lived access tokens; refresh tokens come from the customers service. */
@Injectable()
export class TokenService {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionStates,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Opens a session with the customers service (`call`: register, login, refresh) and signs its
   * access token; what the answer says of the account's sessions is kept for its first requests.
   */
  async open(call: () => Promise<SessionResult>): Promise<TokensDto> {
    const since = this.sessions.clock;
    const session = await call();
    this.sessions.learn(session.accountId, session.sessionVersion, since);
    return this.tokensFor(session);
  }

  async tokensFor(session: SessionResult): Promise<TokensDto> {
    const accessToken = await this.tokens.sign(
      { sub: session.accountId, role: session.role, sv: session.sessionVersion },
      { expiresInSeconds: this.config.jwtAccessTtlSeconds },
    );
    return {
      accessToken,
      refreshToken: session.refreshToken,
      expiresIn: this.config.jwtAccessTtlSeconds,
      accountId: session.accountId,
      role: session.role,
    };
  }
}
