import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';

import type { ReadinessCheck } from './readiness.js';

/** Readiness checks built from the app's own providers (a DataSource, a Redis client, ...). */
export interface ReadinessFactory {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...deps: never[]) => ReadinessCheck[] | Promise<ReadinessCheck[]>;
}

export interface ObservabilityOptions {
  service: string;
  readiness?: ReadinessCheck[] | ReadinessFactory;
  /** Per-check bound on `/health/ready`; 2000 ms by default. */
  readinessTimeoutMs?: number;
  /** Record `http_request_duration_seconds` with a Fastify hook; on by default. */
  httpMetrics?: boolean;
  /** Process metrics (CPU, memory, event loop); on by default. */
  defaultMetrics?: boolean;
  /**
   * Serve probes and metrics on this port of their own instead of the app's listener, for an
   * app whose own port is public (the gateway). 0 picks a free port (tests).
   */
  internalPort?: number;
  /** Address the internal listener binds; all interfaces by default (probes come from the node). */
  internalHost?: string;
}
