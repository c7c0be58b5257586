import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';

import { HealthEndpoints } from './health-endpoints.js';
import { OBSERVABILITY_OPTIONS } from './observability.constants.js';
import type { ObservabilityOptions } from './observability.options.js';

/**
 * `/health/live`, `/health/ready` and `/metrics` on a listener of their own (`internalPort`),
 * for an app whose own port is public: probes and Prometheus reach this port inside the
 * cluster, while the public port (behind the ingress) never answers them. Anything else here
 * is a 404. It closes last, so readiness reports "draining" for as long as the app shuts down.
 */
@Injectable()
export class InternalHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: FastifyInstance;

  constructor(
    private readonly endpoints: HealthEndpoints,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.options.internalPort;
    if (port === undefined) return;
    const server = Fastify({ logger: false });
    server.get('/health/live', () => this.endpoints.live());
    server.get('/health/ready', async (_request, reply) => {
      const answer = await this.endpoints.ready();
      return reply.code(answer.httpStatus).send(answer.body);
    });
    server.get('/metrics', async (_request, reply) =>
      reply
        .header('content-type', this.endpoints.metricsContentType)
        .send(await this.endpoints.renderMetrics()),
    );
    await server.listen({ port, host: this.options.internalHost ?? '0.0.0.0' });
    this.server = server;
  }

  /** `http://host:port` of the listener (the bound port when `internalPort` was 0). */
  get url(): string {
    const address = this.server?.server.address();
    if (!address || typeof address === 'string') throw new Error('the internal listener is not running');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
