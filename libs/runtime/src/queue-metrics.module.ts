import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { QueueName } from '@offera/contracts';
import { MetricsService } from '@offera/observability';
import { BullMqClient } from '@offera/transport';

/** The states `queue_depth` reports; KEDA scales on `waiting`, alerts watch `failed`. */
export const QUEUE_DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed', 'waiting-children'] as const;

const SERVICE_QUEUE = Symbol('SERVICE_QUEUE');

/** Reports the service's own queue depths on `/metrics`, read from BullMQ at each scrape. */
@Module({})
export class QueueMetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly client: BullMqClient,
    @Inject(SERVICE_QUEUE) private readonly queue: QueueName,
  ) {}

  static forRoot(queue: QueueName): DynamicModule {
    return { module: QueueMetricsModule, providers: [{ provide: SERVICE_QUEUE, useValue: queue }] };
  }

  onModuleInit(): void {
    this.metrics.addQueueDepthSource({
      queue: this.queue,
      read: () => this.client.jobCounts(this.queue, QUEUE_DEPTH_STATES),
    });
  }
}
