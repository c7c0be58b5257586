import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { QueueName } from '@offera/contracts';
import { transportOptions } from '@offera/runtime';
import { createRedis, redisConnectionConfig, FlowClient, type FlowStep } from '@offera/transport';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrivacyConfig } from '../config.js';

/** What a re-drive found and did. */
export interface Redrive {
  readonly retried: QueueName[];
  readonly waiting: QueueName[];
  readonly parent: string;
}

/**
 * The request flows: started with the privacy service's own attempts and backoff, and
 * re-driven by the watchdog (failed children retried; a lost flow added again under the same ids).
 */
@Injectable()
export class RequestFlows implements OnApplicationShutdown {
  private readonly client: FlowClient;
  private connection?: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: PrivacyConfig) {
    this.client = new FlowClient({
      ...transportOptions(config),
      childAttempts: config.flowChildAttempts,
      backoffMs: config.flowBackoffMs,
    });
  }

  start(parent: FlowStep, children: readonly FlowStep[], flowId: string): Promise<string> {
    return this.client.start(parent, children, flowId);
  }

  private redis(): Redis {
    this.connection ??= createRedis(redisConnectionConfig(this.config), 'privacy-watchdog');
    return this.connection;
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis(), prefix: this.config.queuePrefix });
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Retries the flow's failed steps (and a failed parent); when the parent is gone, the flow is
   * added again under the same ids, which skips the steps that still exist. Services are named
   * once each, however many of their steps are retried or still waiting.
   */
  async redrive(
    flowId: string,
    children: readonly FlowStep[],
    restart: () => Promise<unknown>,
  ): Promise<Redrive> {
    const retried = new Set<QueueName>();
    const waiting = new Set<QueueName>();
    for (const { queue, jobId } of this.client.jobsOf(children, flowId)) {
      const step = await Job.fromId(this.queue(queue), jobId);
      if (!step) continue;
      const state = await step.getState();
      if (state === 'failed') {
        await step.retry('failed');
        retried.add(queue);
      } else if (state !== 'completed') waiting.add(queue);
    }
    const parent = await Job.fromId(this.queue('privacy'), flowId);
    const parentState = parent ? await parent.getState() : 'missing';
    if (parent && parentState === 'failed') await parent.retry('failed');
    if (!parent) await restart();
    return { retried: [...retried], waiting: [...waiting], parent: parentState };
  }

  /** Of these flows, the ones whose parent job is gone from Redis (one round trip). */
  async missing(flowIds: readonly string[]): Promise<string[]> {
    if (!flowIds.length) return [];
    const queue = this.queue('privacy');
    const pipeline = this.redis().pipeline();
    for (const id of flowIds) pipeline.exists(queue.toKey(id));
    const found = (await pipeline.exec()) ?? [];
    return flowIds.filter((_, i) => {
      const [error, exists] = found[i] ?? [null, 1];
      if (error) throw error;
      return exists === 0;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await this.client.close();
    await this.connection?.quit().catch(() => undefined);
    this.connection = undefined;
  }
}
