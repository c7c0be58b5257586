import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { QueueName } from '@offera/contracts';
import { dataSourceOptions, type SslMode } from '@offera/database';
import {
  createLogger,
  type LogLevelName,
  ObservabilityModule,
  PinoNestLogger,
  postgresReadiness,
  redisReadiness,
} from '@offera/observability';
import {
  BullMqClient,
  type BullMqClientOptions,
  redisConnectionConfig,
  TransportModule,
} from '@offera/transport';
import type { Redis } from 'ioredis';
import { DataSource, type EntitySchema } from 'typeorm';
import { OutboxModule } from './outbox.module.js';
import { QueueMetricsModule } from './queue-metrics.module.js';
import { RedisRecoveryModule } from './redis-recovery.js';

/** The configuration every service shares (see `redisEnv`, `databaseEnv` in @offera/config). */
export interface TransportConfig {
  readonly redisUrl: string;
  readonly redisTlsRejectUnauthorized: boolean;
  readonly redisTlsCa?: string;
  readonly queuePrefix: string;
  readonly messageEncryptionKey: Buffer;
  readonly requestTimeoutMs: number;
  /** `TRANSPORT_CHAOS`, parsed where the workers start (see `parseTransportChaos`). */
  readonly transportChaos?: string;
  readonly transportChaosSeed?: string;
  readonly transportChaosReport?: string;
  /** How often a worker looks for the sign that Redis lost its data (see RedisRecovery). */
  readonly redisRecoveryCheckMs?: number;
}

export interface DatabaseConfig {
  readonly databaseUrl: string;
  readonly databaseSsl: SslMode;
  readonly databaseSslCa?: string;
  readonly databasePoolSize: number;
}

export function transportOptions(config: TransportConfig): BullMqClientOptions {
  return {
    redis: redisConnectionConfig(config),
    prefix: config.queuePrefix,
    encryptionKey: config.messageEncryptionKey,
    requestTimeoutMs: config.requestTimeoutMs,
  };
}

export function serviceLogger(service: string, level: LogLevelName): PinoNestLogger {
  return new PinoNestLogger(createLogger({ service, level }));
}

type EntityClass = abstract new (...args: never[]) => unknown;

/**
 * What every worker service imports: its schema-pinned TypeORM connection, the transport's
 * client side, the outbox relay, and health/metrics with Postgres and Redis readiness.
 */
export function workerInfrastructure(
  service: QueueName,
  config: TransportConfig & DatabaseConfig,
  entities: readonly (EntityClass | EntitySchema)[],
): DynamicModule['imports'] {
  return [
    TypeOrmModule.forRoot(
      dataSourceOptions({
        url: config.databaseUrl,
        ssl: config.databaseSsl,
        sslCa: config.databaseSslCa || undefined,
        schema: service,
        entities: [...entities] as never,
        poolSize: config.databasePoolSize,
      }),
    ),
    TransportModule.forRootAsync({ useFactory: () => ({ ...transportOptions(config), name: service }) }),
    OutboxModule.forRoot(service, config.messageEncryptionKey),
    QueueMetricsModule.forRoot(service),
    RedisRecoveryModule.forRoot({
      service,
      prefix: config.queuePrefix,
      checkMs: config.redisRecoveryCheckMs ?? 5000,
    }),
    ObservabilityModule.forRoot({
      service,
      readiness: {
        inject: [DataSource, BullMqClient],
        useFactory: (ds: DataSource, client: BullMqClient) => [
          postgresReadiness(ds),
          redisReadiness(client.unwrap<Redis>()),
        ],
      },
    }),
  ];
}
