import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '@offera/config';
import type { GatewayConfig } from '../config.js';
import { AccessTokens } from './access-tokens.js';
import { jwtSigningKey } from './jwt-key.js';
import { SessionStates } from './session-states.js';
import { TokenService } from './token.service.js';

/** Signing and checking tokens, for every module of the gateway (the API's guard and the queue board). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({ secret: jwtSigningKey(config.jwtSecret), signOptions: { algorithm: 'HS256' } }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, SessionStates, AccessTokens, TokenService],
      exports: [SessionStates, AccessTokens, TokenService, JwtModule],
    };
  }
}
