import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '@offera/config';
import { ObservabilityModule, redisReadiness } from '@offera/observability';
import { BullMqClient, TransportModule } from '@offera/transport';
import { transportOptions } from '@offera/runtime';
import type { Redis } from 'ioredis';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenService } from './auth/token.service.js';
import type { GatewayConfig } from './config.js';
import { MeController } from './me/me.controller.js';
import { PrivacyRequestsController } from './privacy/privacy-requests.controller.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        JwtModule.register({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
        TransportModule.forRootAsync({
          useFactory: () => ({ ...transportOptions(config), name: 'gateway' }),
        }),
        ObservabilityModule.forRoot({
          service: 'gateway',
          readiness: {
            inject: [BullMqClient],
            useFactory: (client: BullMqClient) => [redisReadiness(client.unwrap<Redis>())],
          },
        }),
      ],
      controllers: [AuthController, MeController, PrivacyRequestsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        TokenService,
        // Order matters: the caller is authenticated before being counted.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
