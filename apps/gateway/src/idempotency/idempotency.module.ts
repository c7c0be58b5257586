import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { GatewayConfig } from '../config.js';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency.store.js';

/** `Idempotency-Key` handling for the routes that create things (see `Idempotent()`). */
@Global()
@Module({})
export class IdempotencyModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const options: IdempotencyOptions = {
      ttlSeconds: config.idempotencyTtlSeconds,
      keyPrefix: `${config.queuePrefix}:gateway:idempotency:`,
      secret: config.messageEncryptionKey,
    };
    return {
      module: IdempotencyModule,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        IdempotencyStore,
        IdempotencyInterceptor,
      ],
      exports: [IDEMPOTENCY_OPTIONS, IdempotencyStore, IdempotencyInterceptor],
    };
  }
}
