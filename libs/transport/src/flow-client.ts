import { randomUUID } from 'node:crypto';
import type { QueueName } from '@offera/contracts';
import { type FlowJob, FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import { EnvelopeCipher } from './envelope-cipher.js';
import { createRedis, type RedisConnectionConfig } from './redis-connection.js';
import { DEFAULT_ROUTING, type RoutingTable } from './routing.js';
import type { JobEnvelope } from './wire.js';

export interface FlowClientOptions {
  readonly redis: RedisConnectionConfig;
  readonly prefix: string;
  readonly encryptionKey: Buffer;
  readonly routing?: RoutingTable;
  /** Attempts per child before it waits in the failed set for a re-drive. */
  readonly childAttempts?: number;
  readonly backoffMs?: number;
}

/** Attempts of a flow's parent (it only collects its children's results). */
const PARENT_ATTEMPTS = 5;

export interface FlowStep {
  readonly name: string;
  readonly payload: unknown;
  /**
   * Steps that must complete before this one starts (e.g. a snapshot taken from a service before
   * that service erases). Their results are not collected by the flow's parent.
   */
  readonly before?: readonly FlowStep[];
}

/** A step's job, for finding it again (a re-drive). */
export interface FlowStepJob {
  readonly queue: QueueName;
  readonly jobId: string;
}

/**
 * Starts a parent job that runs only after every child job has completed: the parent's
 * handler reads the children's results from its context. A child that exhausts its attempts
 * leaves the parent waiting (it never completes with a child missing) until it is re-driven.
 */
export class FlowClient {
  private readonly cipher: EnvelopeCipher;
  private readonly routing: RoutingTable;
  private connection?: Redis;
  private producer?: FlowProducer;

  constructor(private readonly options: FlowClientOptions) {
    this.cipher = new EnvelopeCipher(options.encryptionKey);
    this.routing = options.routing ?? DEFAULT_ROUTING;
  }

  private queueOf(name: string): QueueName {
    const q = this.routing.messages[name];
    if (!q) throw new Error(`No service handles the message ${name}`);
    return q;
  }

  /**
   * The job of every step (children and the steps they wait for). A child's id is
   * `<flow>-<queue>`; a step it waits for adds its own message name.
   */
  jobsOf(children: readonly FlowStep[], flowId: string): FlowStepJob[] {
    const walk = (steps: readonly FlowStep[], under: string | null): FlowStepJob[] =>
      steps.flatMap((step) => {
        const job = { queue: this.queueOf(step.name), jobId: this.jobId(step, flowId, under) };
        return [job, ...walk(step.before ?? [], job.jobId)];
      });
    return walk(children, null);
  }

  private jobId(step: FlowStep, flowId: string, under: string | null): string {
    // Dashes only: the parent finds a child's queue from `<prefix>:<queue>:<id>`.
    return under === null
      ? `${flowId}-${this.queueOf(step.name)}`
      : `${under}-${step.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
  }

  /** Returns the parent job's id. A flow started twice with the same id is not duplicated. */
  async start(
    parent: FlowStep,
    children: readonly FlowStep[],
    flowId: string = randomUUID(),
  ): Promise<string> {
    this.connection ??= createRedis(this.options.redis, 'flow-producer');
    this.producer ??= new FlowProducer({ connection: this.connection, prefix: this.options.prefix });
    const backoff = { type: 'exponential', delay: this.options.backoffMs ?? 500 } as const;
    // A step that waits for others (the parent waits for every child) is handed their results: `p`.
    const job = (step: FlowStep, jobId: string, attempts: number, waitsFor: FlowJob[]): FlowJob => {
      const sealed: JobEnvelope = { s: this.cipher.seal(step.payload, step.name) };
      return {
        name: step.name,
        queueName: this.queueOf(step.name),
        data: waitsFor.length ? { ...sealed, p: 1 } : sealed,
        opts: {
          jobId,
          attempts,
          backoff,
          removeOnComplete: true,
          removeOnFail: { age: 30 * 24 * 3600 },
          stackTraceLimit: 0,
        },
        ...(waitsFor.length ? { children: waitsFor } : {}),
      };
    };
    const node = (step: FlowStep, under: string | null): FlowJob => {
      const jobId = this.jobId(step, flowId, under);
      const before = (step.before ?? []).map((b) => node(b, jobId));
      return job(step, jobId, this.options.childAttempts ?? 8, before);
    };
    await this.producer.add(
      job(
        parent,
        flowId,
        PARENT_ATTEMPTS,
        children.map((c) => node(c, null)),
      ),
    );
    return flowId;
  }

  async close(): Promise<void> {
    await this.producer?.close();
    await this.connection?.quit();
    this.producer = undefined;
    this.connection = undefined;
  }
}
