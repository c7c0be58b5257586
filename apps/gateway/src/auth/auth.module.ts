import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '@offera/config';
import type { GatewayConfig } from '../config.js';
import { AccessTokens } from './access-tokens.js';
import { JwtKeyring } from './jwt-keys.js';
import { jwtModuleOptions } from './jwt-options.js';
import { SessionStates } from './session-states.js';
import { TokenService } from './token.service.js';

/** Signing and checking tokens, for every module of the gateway (the API's guard and the queue board). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const keys = JwtKeyring.from(config);
    return {
      module: AuthModule,
      imports: [JwtModule.register(jwtModuleOptions(config, keys))],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JwtKeyring, useValue: keys },
        SessionStates,
        AccessTokens,
        TokenService,
      ],
      exports: [SessionStates, AccessTokens, TokenService, JwtModule],
    };
  }
}
