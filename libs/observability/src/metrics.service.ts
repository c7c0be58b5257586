import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

import { OBSERVABILITY_OPTIONS } from './observability.constants.js';

export interface MetricsOptions {
  service: string;
  /** Process metrics (CPU, memory, event loop); on by default. */
  defaultMetrics?: boolean;
}

type Registered<C> = Omit<C, 'registers'>;

/** Jobs per state of one queue, as BullMQ's `getJobCounts()` returns them. */
export type QueueDepths = Readonly<Record<string, number>>;

/** Reads one queue's depths when Prometheus scrapes; see `MetricsService.addQueueDepthSource`. */
export interface QueueDepthSource {
  readonly queue: string;
  read(): Promise<QueueDepths>;
}

/** A scrape never waits longer than this for Redis; a slow or failed read keeps the last values. */
const QUEUE_DEPTH_TIMEOUT_MS = 1000;

/**
 * Prometheus instruments of one app, on a registry private to it (so tests and several apps
 * in one process never share or clash). Every series carries a `service` label.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly jobDuration: Histogram<'queue' | 'message' | 'outcome'>;
  readonly jobFailures: Counter<'queue' | 'message'>;
  readonly jobRetries: Counter<'queue' | 'message'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  readonly outboxLag: Gauge<'service'>;
  private readonly depthSources: QueueDepthSource[] = [];

  constructor(@Optional() @Inject(OBSERVABILITY_OPTIONS) options?: MetricsOptions) {
    const service = options?.service ?? 'unknown';
    this.registry.setDefaultLabels({ service });
    if (options?.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });

    this.httpRequestDuration = this.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.jobDuration = this.histogram({
      name: 'queue_job_duration_seconds',
      help: 'Time spent handling a queue message',
      labelNames: ['queue', 'message', 'outcome'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.jobFailures = this.counter({
      name: 'queue_job_failures_total',
      help: 'Queue messages that failed for good (attempts exhausted)',
      labelNames: ['queue', 'message'],
    });
    this.jobRetries = this.counter({
      name: 'queue_job_retries_total',
      help: 'Queue message attempts that failed and will be retried',
      labelNames: ['queue', 'message'],
    });
    this.queueDepth = this.gauge({
      name: 'queue_depth',
      help: 'Jobs in a queue by state (waiting, active, delayed, failed, ...)',
      labelNames: ['queue', 'state'],
      collect: () => this.collectQueueDepths(),
    });
    this.outboxLag = this.gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when empty)',
      labelNames: ['service'],
    });
  }

  /** Registers an app-specific counter on this app's registry. */
  counter<T extends string>(config: Registered<CounterConfiguration<T>>): Counter<T> {
    return new Counter<T>({ ...config, registers: [this.registry] });
  }

  gauge<T extends string>(config: Registered<GaugeConfiguration<T>>): Gauge<T> {
    return new Gauge<T>({ ...config, registers: [this.registry] });
  }

  histogram<T extends string>(config: Registered<HistogramConfiguration<T>>): Histogram<T> {
    return new Histogram<T>({ ...config, registers: [this.registry] });
  }

  /** Reads `queue_depth` from this source at each scrape (cheap: one Redis round trip per queue). */
  addQueueDepthSource(source: QueueDepthSource): void {
    this.depthSources.push(source);
  }

  private async collectQueueDepths(): Promise<void> {
    await Promise.all(
      this.depthSources.map(async (source) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), QUEUE_DEPTH_TIMEOUT_MS);
        });
        try {
          const depths = await Promise.race([source.read(), timeout]);
          for (const [state, count] of Object.entries(depths ?? {}))
            this.queueDepth.set({ queue: source.queue, state }, count);
        } catch {
          // Redis unreachable: readiness reports it; the gauge keeps its last values.
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }

  /** Prometheus text exposition of every metric of this app. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Records one HTTP request; `route` must be the route pattern, never the raw URL. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpRequestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
