import { Controller, Get, HttpStatus, Res, SetMetadata } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { HealthEndpoints } from './health-endpoints.js';
import { IS_PUBLIC_KEY, THROTTLER_SKIP_DEFAULT } from './observability.constants.js';
import type { CheckStatus } from './readiness.js';

/**
 * Probes and metrics on the app's own listener, for apps whose port is internal (the workers):
 * public to guards, never rate limited, and with no detail that could leak.
 */
@Controller()
// Same metadata as @nestjs/throttler's @SkipThrottle() (its CJS build cannot load under Jest ESM).
@SetMetadata(THROTTLER_SKIP_DEFAULT, true)
@SetMetadata(IS_PUBLIC_KEY, true)
export class HealthController {
  constructor(
    private readonly endpoints: HealthEndpoints,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return this.endpoints.live();
  }

  @Get('health/ready')
  async ready(
    @Res({ passthrough: true }) res: unknown,
  ): Promise<{ status: 'ok' | 'error'; checks: Record<string, CheckStatus> }> {
    const answer = await this.endpoints.ready();
    if (answer.httpStatus !== 200) this.adapterHost.httpAdapter.status(res, HttpStatus.SERVICE_UNAVAILABLE);
    return answer.body;
  }

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: unknown): Promise<string> {
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', this.endpoints.metricsContentType);
    return this.endpoints.renderMetrics();
  }
}
