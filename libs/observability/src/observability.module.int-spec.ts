import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';

import { InternalHttpServer } from './internal-server.js';
import { MetricsService } from './metrics.service.js';
import { ObservabilityModule } from './observability.module.js';
import type { ReadinessCheck } from './readiness.js';
import { ShutdownState } from './shutdown-state.js';

@Injectable()
class FakeDependency {
  healthy = true;
  hang = false;
  async ping(): Promise<void> {
    if (this.hang) await new Promise<never>(() => undefined);
    if (!this.healthy) throw new Error('connect ECONNREFUSED user maija@example.fi');
  }
}

@Module({ providers: [FakeDependency], exports: [FakeDependency] })
class DependencyModule {}

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

async function boot(
  readiness: Parameters<typeof ObservabilityModule.forRoot>[0]['readiness'],
  internalPort?: number,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      DependencyModule,
      ObservabilityModule.forRoot({
        service: 'probe-test',
        readiness,
        readinessTimeoutMs: 200,
        internalPort,
        internalHost: '127.0.0.1',
      }),
    ],
    controllers: [ThingsController],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const server = (app: NestFastifyApplication) => app.getHttpAdapter().getInstance().server;

describe('ObservabilityModule on Fastify', () => {
  describe('with checks from a factory', () => {
    let app: NestFastifyApplication;
    let dependency: FakeDependency;

    beforeAll(async () => {
      app = await boot({
        imports: [DependencyModule],
        inject: [FakeDependency],
        useFactory: (dep: FakeDependency): ReadinessCheck[] => [
          { name: 'fake', check: () => dep.ping() },
          { name: 'always', check: () => Promise.resolve() },
        ],
      });
      dependency = app.get(FakeDependency);
    });

    afterAll(async () => {
      await app.close();
    });

    afterEach(() => {
      dependency.healthy = true;
      dependency.hang = false;
    });

    it('GET /health/live answers 200 ok', async () => {
      const res = await request(server(app)).get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /health/ready answers 200 when every check is up', async () => {
      const res = await request(server(app)).get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ok', checks: { fake: 'up', always: 'up' } });
    });

    it('GET /health/ready answers 503 without error details when a check fails', async () => {
      dependency.healthy = false;
      const res = await request(server(app)).get('/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'error', checks: { fake: 'down', always: 'up' } });
      expect(res.text).not.toMatch(/ECONNREFUSED|maija/);
    });

    it('GET /health/ready answers 503 when a check hangs past the timeout', async () => {
      dependency.hang = true;
      const res = await request(server(app)).get('/health/ready').expect(503);
      expect(res.body.checks).toEqual({ fake: 'down', always: 'up' });
    });

    it('GET /metrics serves Prometheus text with the service label and route patterns', async () => {
      await request(server(app)).get('/things/secret-id-123').expect(200);
      await request(server(app)).get('/no/such/route').expect(404);
      const res = await request(server(app)).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total{service="probe-test"}');
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{service="probe-test",method="GET",route="\/things\/:id",status_code="200"\} 1/,
      );
      expect(res.text).toContain('route="unmatched",status_code="404"');
      expect(res.text).not.toContain('secret-id-123');
      expect(res.text).toContain('outbox_lag_seconds');
    });

    it('lets apps register their own metrics on the same registry', async () => {
      const metrics = app.get(MetricsService);
      const counter = metrics.counter({
        name: 'orders_placed_total',
        help: 'orders placed',
        labelNames: ['kind'],
      });
      counter.inc({ kind: 'single' });
      metrics.jobRetries.inc({ queue: 'orders', message: 'orders.place' });
      const res = await request(server(app)).get('/metrics').expect(200);
      expect(res.text).toContain('orders_placed_total{kind="single",service="probe-test"} 1');
      expect(res.text).toContain(
        'queue_job_retries_total{queue="orders",message="orders.place",service="probe-test"} 1',
      );
    });
  });

  describe('with a static list of checks', () => {
    it('reports a failing check as 503 and keeps registries separate per app', async () => {
      const app = await boot([
        {
          name: 'db',
          check: () => Promise.reject(new Error('down')),
        },
      ]);
      try {
        const res = await request(server(app)).get('/health/ready').expect(503);
        expect(res.body).toEqual({ status: 'error', checks: { db: 'down' } });
        const metrics = await request(server(app)).get('/metrics').expect(200);
        expect(metrics.text).not.toContain('orders_placed_total');
      } finally {
        await app.close();
      }
    });

    it('is ready with no checks at all', async () => {
      const app = await boot(undefined);
      try {
        const res = await request(server(app)).get('/health/ready').expect(200);
        expect(res.body).toEqual({ status: 'ok', checks: {} });
      } finally {
        await app.close();
      }
    });
  });

  describe('while shutting down', () => {
    it('answers 503 on /health/ready once shutdown has begun, while /health/live stays up', async () => {
      const app = await boot([{ name: 'always', check: () => Promise.resolve() }]);
      try {
        await request(server(app)).get('/health/ready').expect(200);
        app.get(ShutdownState).begin();
        const res = await request(server(app)).get('/health/ready').expect(503);
        expect(res.body).toEqual({ status: 'error', checks: { shutdown: 'down' } });
        await request(server(app)).get('/health/live').expect(200);
      } finally {
        await app.close();
      }
    });
  });

  describe('with an internal port (an app whose own port is public)', () => {
    let app: NestFastifyApplication;
    let dependency: FakeDependency;
    let internal: string;

    beforeAll(async () => {
      app = await boot(
        {
          imports: [DependencyModule],
          inject: [FakeDependency],
          useFactory: (dep: FakeDependency) => [{ name: 'fake', check: () => dep.ping() }],
        },
        0,
      );
      dependency = app.get(FakeDependency);
      internal = app.get(InternalHttpServer).url;
    });

    afterAll(async () => {
      await app.close();
    });

    it('serves probes and metrics on the internal port only', async () => {
      await request(internal).get('/health/live').expect(200, { status: 'ok' });
      await request(internal)
        .get('/health/ready')
        .expect(200, { status: 'ok', checks: { fake: 'up' } });
      const metrics = await request(internal).get('/metrics').expect(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.text).toContain('process_cpu_user_seconds_total');
      for (const path of ['/health/live', '/health/ready', '/metrics'])
        await request(server(app)).get(path).expect(404);
      await request(server(app)).get('/things/1').expect(200, { id: '1' });
      await request(internal).get('/things/1').expect(404);
    });

    it('reports not ready on the internal port when a dependency is down, without detail', async () => {
      dependency.healthy = false;
      try {
        const res = await request(internal).get('/health/ready').expect(503);
        expect(res.body).toEqual({ status: 'error', checks: { fake: 'down' } });
        expect(res.text).not.toContain('maija');
      } finally {
        dependency.healthy = true;
      }
    });

    it('keeps answering "draining" until the app has shut down, then closes', async () => {
      app.get(ShutdownState).begin();
      await request(internal)
        .get('/health/ready')
        .expect(503, { status: 'error', checks: { shutdown: 'down' } });
      await app.close();
      await expect(fetch(`${internal}/health/live`)).rejects.toThrow();
    });
  });
});
