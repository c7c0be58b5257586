import type { DynamicModule, INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { QueueName } from '@offera/contracts';
import { MetricsService } from '@offera/observability';
import { BullMqServer } from '@offera/transport';
import { type TransportConfig, transportOptions } from './infrastructure.js';

export interface WorkerAppOptions {
  readonly service: QueueName;
  readonly module: DynamicModule;
  readonly config: TransportConfig & { readonly workerConcurrency: number };
  readonly logger: LoggerService | false;
}

/**
 * A worker service as a Nest hybrid app: the BullMQ transport consumes the service's queue,
 * and a small Fastify listener serves health and metrics. Shutdown hooks are on, so SIGTERM
 * stops taking jobs, lets in-flight ones finish and closes connections.
 */
export async function createWorkerApp(options: WorkerAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter(), {
    logger: options.logger,
    abortOnError: false,
  });
  const metrics = app.get(MetricsService);
  app.connectMicroservice(
    {
      strategy: new BullMqServer({
        ...transportOptions(options.config),
        queue: options.service,
        concurrency: options.config.workerConcurrency,
        onJobFinished: (info) => {
          metrics.jobDuration.observe(
            { queue: info.queue, message: info.name, outcome: info.outcome },
            info.seconds,
          );
          if (info.outcome === 'retry') metrics.jobRetries.inc({ queue: info.queue, message: info.name });
          if (info.outcome === 'failed') metrics.jobFailures.inc({ queue: info.queue, message: info.name });
        },
      }),
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
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
