import { type DynamicModule, Logger, Module } from '@nestjs/common';
import type { QueueName } from '@offera/contracts';
import { OutboxRelay, OutboxWriter } from '@offera/database';
import { MetricsService } from '@offera/observability';
import { BullMqClient, EnvelopeCipher } from '@offera/transport';
import { DataSource } from 'typeorm';
import { openOutboxPayload } from './sealed-outbox.js';

/** Name and driver code only: Postgres and Redis error texts may quote values. */
function errorLabel(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}

/**
 * The transactional outbox of one service: `OutboxWriter` adds events inside a transaction,
 * the relay publishes committed ones to every subscriber's queue under the row's id (so a
 * re-publish after a crash is recognised as the same event).
 */
@Module({})
export class OutboxModule {
  /** `encryptionKey` opens payloads sealed at rest with `sealOutboxPayload` before publishing. */
  static forRoot(service: QueueName, encryptionKey?: Buffer): DynamicModule {
    const log = new Logger('OutboxRelay');
    const cipher = encryptionKey ? new EnvelopeCipher(encryptionKey) : undefined;
    return {
      module: OutboxModule,
      global: true,
      providers: [
        OutboxWriter,
        {
          provide: OutboxRelay,
          inject: [DataSource, BullMqClient, MetricsService],
          useFactory: (dataSource: DataSource, client: BullMqClient, metrics: MetricsService) =>
            new OutboxRelay({
              dataSource,
              publish: (m) =>
                client.publishEvent(
                  m.name,
                  cipher ? openOutboxPayload(cipher, m.name, m.payload) : m.payload,
                  m.id,
                ),
              onLag: (seconds) => metrics.outboxLag.set({ service }, seconds),
              onError: (error) => log.warn(`Outbox relay failed: ${errorLabel(error)}`),
            }),
        },
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
