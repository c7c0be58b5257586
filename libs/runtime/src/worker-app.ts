import {
  type DynamicModule,
  type INestApplication,
  Inject,
  Injectable,
  type LoggerService,
  Module,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { BaseExceptionFilter, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { QueueName } from '@offera/contracts';
import { OutboxRelay } from '@offera/database';
import { MetricsService, ShutdownState } from '@offera/observability';
import { BullMqServer, parseTransportChaos } from '@offera/transport';
import { DatabaseUnavailableFilter } from './database-unavailable.js';
import { type TransportConfig, transportOptions } from './infrastructure.js';

export interface WorkerAppOptions {
  readonly service: QueueName;
  readonly module: DynamicModule;
  readonly config: TransportConfig & {
    readonly workerConcurrency: number;
    /** The shutdown budget (`SHUTDOWN_TIMEOUT_MS`); in-flight jobs get most of it. */
    readonly shutdownTimeoutMs?: number;
    readonly nodeEnv?: string;
  };
  readonly logger: LoggerService | false;
}

/** Part of the shutdown budget in-flight jobs may use; the rest flushes the outbox and closes. */
const DRAIN_SHARE = 0.8;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
const WORKER_SERVER = Symbol('WORKER_SERVER');
const DRAIN_MS = Symbol('DRAIN_MS');

/**
 * The first step of shutdown, before any other module lets go of its connections: stop taking
 * jobs, let in-flight ones finish (or hand them back when out of time), then publish what they
 * wrote to the outbox. Nest would otherwise close the transport last, after the relay and
 * while jobs still run.
 */
@Injectable()
class WorkerShutdown implements OnModuleDestroy {
  constructor(
    @Inject(WORKER_SERVER) private readonly server: BullMqServer,
    @Inject(DRAIN_MS) private readonly drainMs: number,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly shutdown?: ShutdownState,
  ) {}

  async onModuleDestroy(): Promise<void> {
    // Not ready while draining: no new work is sent here, though the probes still answer.
    this.shutdown?.begin();
    await this.server.drain(this.drainMs);
    await this.relay?.flush().catch(() => 0); // unpublished rows stay for the next replica
  }
}

@Module({})
class WorkerRootModule {}

/**
 * A worker service as a Nest hybrid app: the BullMQ transport consumes the service's queue,
 * and a small Fastify listener serves health and metrics. On SIGTERM (or `app.close()`) it
 * stops taking jobs, finishes or hands back in-flight ones, flushes the outbox, then closes
 * its connections.
 */
export async function createWorkerApp(options: WorkerAppOptions): Promise<NestFastifyApplication> {
  let onJobFinished: ConstructorParameters<typeof BullMqServer>[0]['onJobFinished'];
  const server = new BullMqServer({
    ...transportOptions(options.config),
    queue: options.service,
    concurrency: options.config.workerConcurrency,
    chaos: parseTransportChaos(
      options.config.transportChaos,
      options.config.transportChaosSeed,
      options.config.nodeEnv,
      options.config.transportChaosReport === 'none' ? undefined : options.config.transportChaosReport,
    ),
    onJobFinished: (info) => onJobFinished?.(info),
  });
  const budget = options.config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  // A root around the service's module, so its shutdown hook runs before every other module's.
  const root: DynamicModule = {
    module: WorkerRootModule,
    imports: [options.module],
    providers: [
      { provide: WORKER_SERVER, useValue: server },
      { provide: DRAIN_MS, useValue: Math.floor(budget * DRAIN_SHARE) },
      WorkerShutdown,
    ],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), {
    logger: options.logger,
    abortOnError: false,
  });
  try {
    const metrics = app.get(MetricsService);
    onJobFinished = (info) => {
      metrics.jobDuration.observe(
        { queue: info.queue, message: info.name, outcome: info.outcome },
        info.seconds,
      );
      if (info.outcome === 'retry') metrics.jobRetries.inc({ queue: info.queue, message: info.name });
      if (info.outcome === 'failed') metrics.jobFailures.inc({ queue: info.queue, message: info.name });
    };
    // Before the transport connects: its handlers take the app's global filters as they are then.
    app.useGlobalFilters(new DatabaseUnavailableFilter(new BaseExceptionFilter(app.getHttpAdapter())));
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    // Exit (0) once shut down, so the logger's buffer is flushed on the way out.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    await app.startAllMicroservices();
  } catch (error) {
    // Release what start-up opened (pools, Redis), or the process would hang on them.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * Runs a service's start function as the process entry point: exits non-zero when it fails,
 * and bounds shutdown so a stuck job cannot outlive the grace period.
 */
export function runMain(start: () => Promise<{ app: INestApplication; shutdownTimeoutMs: number }>): void {
  start()
    .then(({ shutdownTimeoutMs }) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          setTimeout(() => {
            process.stderr.write(`Shutdown took longer than ${shutdownTimeoutMs} ms; exiting\n`);
            process.exit(1);
          }, shutdownTimeoutMs).unref();
        });
      }
    })
    .catch((err: unknown) => {
      // The logger may not exist yet (bad configuration), so write the reason plainly.
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
