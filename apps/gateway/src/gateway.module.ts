import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '@offera/config';
import { ObservabilityModule, redisReadiness } from '@offera/observability';
import { BullMqClient, TransportModule } from '@offera/transport';
import { transportOptions } from '@offera/runtime';
import type { Redis } from 'ioredis';
import { AccountModule } from './account/account.module.js';
import { AdminAccountsModule } from './admin-accounts/admin-accounts.module.js';
import { AdminQueuesModule } from './admin-queues/admin-queues.module.js';
import { AuthController } from './auth/auth.controller.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import type { GatewayConfig } from './config.js';
import { StaffCustomersModule } from './customers/staff-customers.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { InvoicesModule } from './invoices/invoices.module.js';
import { MarketingHttpModule } from './marketing/marketing-http.module.js';
import { MeController } from './me/me.controller.js';
import { ProfileCache } from './me/profile-cache.js';
import { OrderSeriesModule } from './order-series/order-series.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PrivacyHttpModule } from './privacy/privacy-http.module.js';
import { ConsentsModule } from './consents/consents.module.js';
import { AdminPrivacyModule } from './admin-privacy/admin-privacy.module.js';
import { ProviderModule } from './provider/provider.module.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        AuthModule.forRoot(config),
        TransportModule.forRootAsync({
          useFactory: () => ({ ...transportOptions(config), name: 'gateway' }),
        }),
        ObservabilityModule.forRoot({
          service: 'gateway',
          // Probes and metrics on their own port: the API port is public.
          internalPort: config.internalPort,
          readiness: {
            inject: [BullMqClient],
            useFactory: (client: BullMqClient) => [redisReadiness(client.unwrap<Redis>())],
          },
        }),
        IdempotencyModule.forRoot(config),
        AccountModule,
        AdminAccountsModule,
        AdminQueuesModule.forRoot(config),
        StaffCustomersModule,
        CatalogModule,
        OrdersModule,
        OrderSeriesModule,
        InvoicesModule.forRoot(config),
        ProviderModule,
        PrivacyHttpModule,
        ConsentsModule,
        AdminPrivacyModule,
        MarketingHttpModule,
      ],
      controllers: [AuthController, MeController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ProfileCache,
        // Order matters: the caller is authenticated before being counted.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
