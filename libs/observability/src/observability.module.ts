import {
  Inject,
  Module,
  type DynamicModule,
  type OnModuleDestroy,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

import { HealthEndpoints } from './health-endpoints.js';
import { HealthController } from './health.controller.js';
import { InternalHttpServer } from './internal-server.js';
import { registerHttpMetrics } from './http-metrics.js';
import { MetricsService } from './metrics.service.js';
import { ShutdownState } from './shutdown-state.js';
import { OBSERVABILITY_OPTIONS, READINESS_CHECKS } from './observability.constants.js';
import type { ObservabilityOptions } from './observability.options.js';

/**
 * `/health/live`, `/health/ready` and `/metrics` for one app (on its own listener, or on
 * `internalPort` when its own is public), plus a global `MetricsService`.
 * Readiness checks come from `forRoot({ readiness })`: a list, or a factory over the app's
 * providers (`{ inject: [DataSource], useFactory: (ds) => [postgresReadiness(ds)] }`).
 */
@Module({})
export class ObservabilityModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    private readonly shutdown: ShutdownState,
  ) {}

  static forRoot(options: ObservabilityOptions): DynamicModule {
    const readiness = options.readiness ?? [];
    const checksProvider: Provider = Array.isArray(readiness)
      ? { provide: READINESS_CHECKS, useValue: readiness }
      : { provide: READINESS_CHECKS, useFactory: readiness.useFactory, inject: readiness.inject ?? [] };
    return {
      module: ObservabilityModule,
      global: true,
      imports: Array.isArray(readiness) ? [] : (readiness.imports ?? []),
      // With an internal port the app's own (public) listener serves none of these routes.
      controllers: options.internalPort === undefined ? [HealthController] : [],
      providers: [
        { provide: OBSERVABILITY_OPTIONS, useValue: options },
        MetricsService,
        ShutdownState,
        HealthEndpoints,
        InternalHttpServer,
        checksProvider,
      ],
      exports: [MetricsService, ShutdownState, OBSERVABILITY_OPTIONS, InternalHttpServer],
    };
  }

  /** Shutdown has begun: not ready from now on (workers say so earlier, before they drain). */
  onModuleDestroy(): void {
    this.shutdown.begin();
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (this.options.httpMetrics === false || adapter?.getType() !== 'fastify') return;
    registerHttpMetrics(adapter.getInstance<FastifyInstance>(), this.metrics);
  }
}
