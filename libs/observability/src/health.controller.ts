import { Controller, Get, HttpStatus, Inject, Logger, Res, SetMetadata } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { MetricsService } from './metrics.service.js';
import {
  IS_PUBLIC_KEY,
  THROTTLER_SKIP_DEFAULT,
  OBSERVABILITY_OPTIONS,
  READINESS_CHECKS,
} from './observability.constants.js';
import { runReadinessChecks, type CheckStatus, type ReadinessCheck } from './readiness.js';
import type { ObservabilityOptions } from './observability.options.js';
import { ShutdownState } from './shutdown-state.js';

/** Probes and metrics: public, never rate limited, and with no detail that could leak. */
@Controller()
// Same metadata as @nestjs/throttler's @SkipThrottle() (its CJS build cannot load under Jest ESM).
@SetMetadata(THROTTLER_SKIP_DEFAULT, true)
@SetMetadata(IS_PUBLIC_KEY, true)
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    private readonly metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(
    @Res({ passthrough: true }) res: unknown,
  ): Promise<{ status: 'ok' | 'error'; checks: Record<string, CheckStatus> }> {
    if (this.shutdown.stopping) {
      // Draining: still alive, but no new work.
      this.adapterHost.httpAdapter.status(res, HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', checks: { shutdown: 'down' } };
    }
    const report = await runReadinessChecks(this.checks, this.options.readinessTimeoutMs ?? 2000);
    for (const failure of report.failures) {
      const reason = failure.error instanceof Error ? failure.error.message : 'failed';
      this.logger.warn(`readiness check ${failure.name} is down: ${reason}`);
    }
    if (report.status === 'error') {
      this.adapterHost.httpAdapter.status(res, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: report.status, checks: report.checks };
  }

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: unknown): Promise<string> {
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
