import type { DynamicModule } from '@nestjs/common';
import type { QueueName } from '@offera/contracts';
import type { LogLevelName } from '@offera/observability';
import type { TransportConfig } from './infrastructure.js';
import { serviceLogger } from './infrastructure.js';
import { createWorkerApp, runMain } from './worker-app.js';

/** What every worker's configuration has, beyond its own settings. */
export interface WorkerConfig extends TransportConfig {
  readonly workerConcurrency: number;
  readonly logLevel: LogLevelName;
  readonly port: number;
  readonly shutdownTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A worker service: its queue, and how its configuration and root module are built. */
export interface WorkerDefinition {
  readonly service: QueueName;
  /** Reads (and validates) the configuration from `env`, and builds the root module with it. */
  readonly load: (env?: Env) => { readonly config: WorkerConfig; readonly module: DynamicModule };
}

export function defineWorker<C extends WorkerConfig>(parts: {
  readonly service: QueueName;
  readonly loadConfig: (env?: Env) => C;
  readonly module: (config: C) => DynamicModule;
}): WorkerDefinition {
  return {
    service: parts.service,
    load: (env) => {
      const config = parts.loadConfig(env);
      return { config, module: parts.module(config) };
    },
  };
}

/** The process entry point of a worker service. */
export function runWorker(definition: WorkerDefinition): void {
  runMain(async () => {
    const { config, module } = definition.load();
    const app = await createWorkerApp({
      service: definition.service,
      module,
      config,
      logger: serviceLogger(definition.service, config.logLevel),
    });
    await app.listen(config.port, '0.0.0.0');
    return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
  });
}
