import type { FastifyInstance } from 'fastify';

import type { MetricsService } from './metrics.service.js';

/**
 * Records every response's latency under its route pattern (`/api/v1/orders/:id`), never
 * the raw URL, so ids and personal data stay out of metric labels. Unmatched requests
 * (404s) share one `route` value to bound cardinality.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
