import { type DynamicModule, Logger, Module } from '@nestjs/common';
import type { QueueName } from '@offera/contracts';
import { OutboxRelay, OutboxWriter } from '@offera/database';
import { MetricsService } from '@offera/observability';
import { BullMqClient } from '@offera/transport';
import { DataSource } from 'typeorm';

/**
 * The transactional outbox of one service: `OutboxWriter` adds events inside a transaction,
 * the relay publishes committed ones to every subscriber's queue under the row's id (so a
 * re-publish after a crash is recognised as the same event).
 */
@Module({})
export class OutboxModule {
  static forRoot(service: QueueName): DynamicModule {
    const log = new Logger('OutboxRelay');
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
              publish: (m) => client.publishEvent(m.name, m.payload, m.id),
              onLag: (seconds) => metrics.outboxLag.set({ service }, seconds),
              onError: (error) =>
                log.warn(`Outbox relay: ${error instanceof Error ? error.message : 'failed'}`),
            }),
        },
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
