import { Inject, Injectable, Logger } from '@nestjs/common';

import { MetricsService } from './metrics.service.js';
import { OBSERVABILITY_OPTIONS, READINESS_CHECKS } from './observability.constants.js';
import type { ObservabilityOptions } from './observability.options.js';
import { runReadinessChecks, type CheckStatus, type ReadinessCheck } from './readiness.js';
import { ShutdownState } from './shutdown-state.js';

export interface ReadinessAnswer {
  readonly httpStatus: 200 | 503;
  readonly body: { status: 'ok' | 'error'; checks: Record<string, CheckStatus> };
}

/**
 * What the probes and Prometheus are answered, whichever listener serves them: the app's own
 * (workers) or the internal one (the gateway, whose own port is public).
 */
@Injectable()
export class HealthEndpoints {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownState,
  ) {}

  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async ready(): Promise<ReadinessAnswer> {
    // Draining: still alive, but no new work.
    if (this.shutdown.stopping)
      return { httpStatus: 503, body: { status: 'error', checks: { shutdown: 'down' } } };
    const report = await runReadinessChecks(this.checks, this.options.readinessTimeoutMs ?? 2000);
    for (const failure of report.failures) {
      const reason = failure.error instanceof Error ? failure.error.message : 'failed';
      this.logger.warn(`readiness check ${failure.name} is down: ${reason}`);
    }
    return {
      httpStatus: report.status === 'error' ? 503 : 200,
      body: { status: report.status, checks: report.checks },
    };
  }

  get metricsContentType(): string {
    return this.metrics.contentType;
  }

  renderMetrics(): Promise<string> {
    return this.metrics.render();
  }
}
