import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PrivacyRequestView, RequestStatus, Role } from '@offera/contracts';
import { withPgClient } from '@offera/database';
import { WORKER_SERVICES, type WorkerServiceName } from '@offera/config';
import { createLogger, InternalHttpServer, PinoNestLogger } from '@offera/observability';
import { createWorkerApp, type WorkerDefinition } from '@offera/runtime';
import { BullMqClient, MessageBus } from '@offera/transport';
import {
  captureLogs,
  type CapturedLogs,
  cleanupRedis,
  createTestDatabase,
  waitFor,
  type TestDatabase,
  testRedisPrefix,
} from '@offera/testing';
import { customersWorker } from '../../apps/customers/src/customers.worker.js';
import { AccessTokens } from '../../apps/gateway/src/auth/access-tokens.js';
import { loadGatewayConfig } from '../../apps/gateway/src/config.js';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { notificationsWorker } from '../../apps/notifications/src/notifications.worker.js';
import { ordersWorker } from '../../apps/orders/src/orders.worker.js';
import { privacyWorker } from '../../apps/privacy/src/privacy.worker.js';
import { SETUP_PLAN } from '../../scripts/setup-plan.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Env = Record<string, string>;

const WORKERS: Readonly<Record<WorkerServiceName, WorkerDefinition>> = {
  customers: customersWorker,
  orders: ordersWorker,
  notifications: notificationsWorker,
  privacy: privacyWorker,
};

/** An event as a service published it. */
export interface PublishedEvent {
  readonly name: string;
  readonly payload: Record<string, unknown>;
}

export interface SystemOptions {
  /** Worker services to start; all four by default. */
  readonly services?: readonly WorkerServiceName[];
  /** Extra environment for every app (e.g. a short REQUEST_TIMEOUT_MS). */
  readonly env?: Env;
  /** Superuser URL of a Postgres cluster of the test's own; the shared test cluster by default. */
  readonly databaseAdminUrl?: string;
}

/**
 * The whole system in this process, as in production but isolated: its own database (set up
 * by the real setup step), its own Redis key prefix, every app's logs captured.
 */
export class TestSystem {
  readonly services = new Map<WorkerServiceName, NestFastifyApplication>();
  gateway?: NestFastifyApplication;
  url = '';
  private readonly replicas = new Set<NestFastifyApplication>();
  /** The gateway's internal listener (health probes and /metrics), off its public API port. */
  internalUrl = '';

  private constructor(
    readonly db: TestDatabase,
    readonly prefix: string,
    readonly logs: CapturedLogs,
    private readonly env: Env,
  ) {}

  static async start(options: SystemOptions = {}): Promise<TestSystem> {
    const db = await createTestDatabase(SETUP_PLAN, options.databaseAdminUrl);
    const prefix = testRedisPrefix();
    const env: Env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      INTERNAL_PORT: '0',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      // The chaos run (`npm run test:chaos`) drops every first answer in every service.
      TRANSPORT_CHAOS: process.env.TRANSPORT_CHAOS ?? 'off',
      TRANSPORT_CHAOS_SEED: process.env.TRANSPORT_CHAOS_SEED ?? 'offera',
      TRANSPORT_CHAOS_REPORT: process.env.TRANSPORT_CHAOS_REPORT ?? 'none',
      ...options.env,
    };
    const system = new TestSystem(db, prefix, captureLogs(), env);
    try {
      for (const service of options.services ?? WORKER_SERVICES) await system.startService(service);
      const gatewayConfig = loadGatewayConfig(env);
      system.gateway = await createGatewayApp(gatewayConfig, system.logger('gateway'));
      await system.gateway.listen(0, '127.0.0.1');
      system.url = await system.gateway.getUrl();
      system.url = system.url.replace('[::1]', '127.0.0.1');
      system.internalUrl = system.gateway.get(InternalHttpServer).url;
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  private logger(service: string): PinoNestLogger {
    return new PinoNestLogger(createLogger({ service, level: 'info', destination: this.logs.destination }));
  }

  async startService(service: WorkerServiceName): Promise<NestFastifyApplication> {
    const env = { ...this.env, DATABASE_URL: this.db.serviceUrls[service] };
    const { config, module } = WORKERS[service].load(env);
    const app = await createWorkerApp({ service, config, module, logger: this.logger(service) });
    await app.listen(0, '127.0.0.1');
    this.services.set(service, app);
    return app;
  }

  /** Another gateway replica on the same Redis and queues, as a second pod would be; stopped with the system. */
  async startGateway(): Promise<{ app: NestFastifyApplication; url: string }> {
    const app = await createGatewayApp(loadGatewayConfig(this.env), this.logger('gateway'));
    this.replicas.add(app);
    await app.listen(0, '127.0.0.1');
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  /** Stops a replica started with `startGateway()` (as a pod that restarts). */
  async stopGateway(app: NestFastifyApplication): Promise<void> {
    this.replicas.delete(app);
    await app.close();
  }

  /** Rows of a query run as the superuser on this system's database, to look behind the services. */
  sql<R extends object = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> {
    return withPgClient(this.db.adminUrl, async (c) => (await c.query<R>(text, params)).rows);
  }

  /** An access token for any account and role, signed as the gateway signs them. */
  tokenFor(role: Role, accountId: string = randomUUID()): Promise<string> {
    if (!this.gateway) throw new Error('The gateway is not running');
    return this.gateway.get(AccessTokens).sign({ sub: accountId, role }, { expiresInSeconds: 900 });
  }

  /**
   * The subject's view of their request once it reaches `status`, read over the transport: once
   * an erasure has run, the subject's access token is refused at the gateway.
   */
  privacyRequestWhen(
    requestId: string,
    subjectId: string,
    status: RequestStatus = 'completed',
    timeoutMs = 10_000,
  ): Promise<PrivacyRequestView> {
    if (!this.gateway) throw new Error('The gateway is not running');
    const bus = this.gateway.get(MessageBus);
    return waitFor(
      async () => {
        const view = await bus.send('privacy.get-request', { requestId, subjectId });
        return view.status === status ? view : null;
      },
      { timeoutMs, description: `the request to be ${status}` },
    );
  }

  /** Every event `service` publishes from now on, in order, recorded as its relay hands them over. */
  recordEvents(service: WorkerServiceName): PublishedEvent[] {
    const app = this.services.get(service);
    if (!app) throw new Error(`${service} is not running`);
    const client = app.get(BullMqClient);
    const publish = client.publishEvent.bind(client);
    const published: PublishedEvent[] = [];
    client.publishEvent = async (name, payload, messageId) => {
      published.push({ name, payload: payload as Record<string, unknown> });
      await publish(name, payload, messageId);
    };
    return published;
  }

  async stopService(service: WorkerServiceName): Promise<void> {
    await this.services.get(service)?.close();
    this.services.delete(service);
  }

  async stop(): Promise<void> {
    for (const app of [...this.replicas]) await this.stopGateway(app);
    await this.gateway?.close();
    for (const service of [...this.services.keys()]) await this.stopService(service);
    await cleanupRedis(REDIS_URL, this.prefix);
    await this.db.drop();
  }
}
