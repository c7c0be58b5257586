import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '@offera/config';
import type { SessionResult } from '@offera/contracts';
import type { GatewayConfig } from '../config.js';
import type { AccessTokenClaims } from './auth-user.js';
import type { TokensDto } from './dto/auth.dto.js';

/** Signs short-lived access tokens; refresh tokens come from the customers service. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async tokensFor(session: SessionResult): Promise<TokensDto> {
    const claims: AccessTokenClaims = { sub: session.accountId, role: session.role };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      expiresIn: this.config.jwtAccessTtlSeconds,
    });
    return {
      accessToken,
      refreshToken: session.refreshToken,
      expiresIn: this.config.jwtAccessTtlSeconds,
      accountId: session.accountId,
      role: session.role,
    };
  }
}
