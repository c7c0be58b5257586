import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { ErrorCode, isTransportErrorBody, type QueueName, type TransportErrorBody } from '@offera/contracts';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isObservable, lastValueFrom } from 'rxjs';
import { BullMqContext } from './bullmq-context.js';
import { describeChaos, losesAnswer, reportRedelivered, type TransportChaos } from './chaos.js';
import { EnvelopeCipher } from './envelope-cipher.js';
import { createRedis, quit, type RedisConnectionConfig } from './redis-connection.js';
import { checkHandlers, DEFAULT_ROUTING, type RoutingTable } from './routing.js';
import { type JobEnvelope, type ReplyEnvelope, resultAad } from './wire.js';

export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');

export interface BullMqServerOptions {
  readonly queue: QueueName;
  readonly redis: RedisConnectionConfig;
  readonly prefix: string;
  readonly encryptionKey: Buffer;
  /** Jobs this replica runs at once. */
  readonly concurrency?: number;
  /** Fail start-up unless every message and event routed to this queue has exactly one handler. */
  readonly strictHandlers?: boolean;
  readonly routing?: RoutingTable;
  /** Completed jobs' events kept in the queue's event stream (they hold no personal data). */
  readonly eventStreamMaxLen?: number;
  /** Called after each job, for metrics. */
  readonly onJobFinished?: (info: JobFinishedInfo) => void;
  /** Development and tests only: drop first answers after the commit (see `TransportChaos`). */
  readonly chaos?: TransportChaos;
}

export interface JobFinishedInfo {
  readonly queue: QueueName;
  readonly name: string;
  /** `returned`: handed back to the queue unfinished because this replica was shutting down. */
  readonly outcome: 'completed' | 'replied_error' | 'retry' | 'failed' | 'returned';
  readonly seconds: number;
  readonly attempt: number;
}

/** What a flow's child leaves for its parent: its message name and its sealed result. */
interface ChildResult {
  readonly n: string;
  readonly s: string;
}

/** Thrown by chaos mode after a handler's commit: the job is retried, as after a lost answer. */
class AnswerDropped extends Error {
  constructor(name: string) {
    super(`${ErrorCode.Internal}: chaos dropped the first answer of ${name}`);
    this.name = 'AnswerDropped';
  }
}

/** How a handler failure is treated: answered (domain error) or retried (anything else). */
type Failure = { kind: 'domain'; body: TransportErrorBody } | { kind: 'internal' };

function classify(error: unknown): Failure {
  // Nest's RPC exception filter turns a DomainError into its body and anything else into
  // `{status:'error', message:'Internal server error'}`.
  if (isTransportErrorBody(error)) return { kind: 'domain', body: error };
  return { kind: 'internal' };
}

/**
 * Nest microservice transport over BullMQ: one queue per service, competing consumers,
 * `@MessagePattern` handlers answer on the caller's Redis pub/sub channel, `@EventPattern`
 * handlers acknowledge by completing the job. Unexpected errors are retried with backoff;
 * a job that exhausts its attempts stays in the failed set for operators.
 */
export class BullMqServer extends Server implements CustomTransportStrategy {
  override readonly transportId = BULLMQ_TRANSPORT;
  private worker?: Worker<JobEnvelope, ChildResult | undefined>;
  private connection?: Redis;
  private publisher?: Redis;
  private readonly cipher: EnvelopeCipher;
  private readonly routing: RoutingTable;
  private readonly handlerCache = new Map<string, MessageHandler | null>();
  private readonly log = new Logger('BullMqServer');
  /** One callback per job in flight: hands it back to the queue (a drain ran out of time). */
  private readonly inFlight = new Set<() => void>();
  private handingBack = false;

  constructor(private readonly options: BullMqServerOptions) {
    super();
    this.cipher = new EnvelopeCipher(options.encryptionKey);
    this.routing = options.routing ?? DEFAULT_ROUTING;
  }

  get queueName(): QueueName {
    return this.options.queue;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      if (this.options.strictHandlers ?? true) {
        const problems = checkHandlers(this.options.queue, this.routing, this.messageHandlers);
        if (problems.length) {
          throw new Error(
            `The ${this.options.queue} service's handlers do not match the contracts:\n  - ${problems.join('\n  - ')}`,
          );
        }
      }
      if (this.options.chaos) this.log.warn(`${this.options.queue}: ${describeChaos(this.options.chaos)}`);
      this.connection = createRedis(this.options.redis, `${this.options.queue}-worker`);
      this.publisher = createRedis(this.options.redis, `${this.options.queue}-replies`);
      this.handingBack = false;
      this.worker = new Worker<JobEnvelope, ChildResult | undefined>(
        this.options.queue,
        (job, token) => this.process(job, token),
        {
          connection: this.connection,
          prefix: this.options.prefix,
          concurrency: this.options.concurrency ?? 32,
          autorun: true,
          // Completed jobs hold nothing useful; failed ones are kept (sealed) for inspection.
          removeOnComplete: { count: 0 },
          removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
        },
      );
      this.worker.on('error', (err) => this.log.error(`Worker error: ${err.message}`));
      await this.worker.waitUntilReady();
      this._status$.next('connected');
      callback();
    } catch (err) {
      callback(err);
    }
  }

  on(): never {
    throw new Error('BullMqServer does not support event listeners; use its status stream');
  }

  unwrap<T>(): T {
    if (!this.worker) throw new Error('BullMqServer is not listening');
    return this.worker as T;
  }

  /**
   * Graceful stop for a shutting-down replica: takes no new job, waits up to `graceMs` for
   * in-flight ones, then hands any still running back to the queue (so another replica takes
   * them now rather than after their lock expires), and closes its connections.
   */
  async drain(graceMs: number): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const closed = worker.close();
    const timer = setTimeout(() => {
      this.handingBack = true;
      for (const handBack of this.inFlight) handBack();
    }, graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
    await this.close();
  }

  /** Stops taking jobs, lets in-flight ones finish, then closes its connections. */
  async close(): Promise<void> {
    await this.worker?.close();
    await Promise.all([quit(this.connection), quit(this.publisher)]);
    this.worker = undefined;
    this._status$.next('disconnected');
  }

  private async process(job: Job<JobEnvelope>, token?: string): Promise<ChildResult | undefined> {
    const started = process.hrtime.bigint();
    const maxAttempts = job.opts.attempts ?? 1;
    const finished = (outcome: JobFinishedInfo['outcome']): void =>
      this.options.onJobFinished?.({
        queue: this.options.queue,
        name: job.name,
        outcome,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        attempt: job.attemptsMade + 1,
      });
    const envelope = job.data;
    const handler = this.handlerFor(job.name);
    if (!handler) {
      await this.reply(envelope, job.id, {
        e: {
          code: ErrorCode.Internal,
          message: `No handler for ${job.name} in the ${this.options.queue} service`,
        },
      });
      finished('failed');
      throw new UnrecoverableError(`NO_HANDLER ${job.name}`);
    }

    let result: unknown;
    try {
      const payload = this.cipher.open<unknown>(envelope.s, job.name);
      const children = envelope.p ? await this.childResults(job) : {};
      const context = new BullMqContext([job, children, maxAttempts]);
      const invocation = this.invoke(handler, payload, context);
      // A promise per job (not one shared by all), so nothing accumulates while none is handed back.
      let handBack = (): void => undefined;
      const handedBack = new Promise<undefined>((resolve) => (handBack = () => resolve(undefined)));
      this.inFlight.add(handBack);
      if (this.handingBack) handBack();
      let outcome: { value: unknown } | undefined;
      try {
        outcome = await Promise.race([invocation.then((value) => ({ value })), handedBack]);
      } finally {
        this.inFlight.delete(handBack);
      }
      if (!outcome) {
        // Shutting down past the grace period: the handler may still finish in the background
        // (handlers are idempotent), but the job goes back to the queue for another replica.
        invocation.catch(() => undefined);
        await job.moveToWait(token);
        finished('returned');
        throw new WaitingError();
      }
      result = outcome.value;
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      if (error instanceof AnswerDropped) throw error;
      const failure = classify(error);
      if (failure.kind === 'domain' && envelope.r) {
        // A request answered with a domain error is a handled outcome, not a failed job. An
        // UNAVAILABLE one (a dependency down) is answered too: its caller retries, not the queue.
        this.dropFirstAnswer(job, maxAttempts, finished);
        reportRedelivered(this.options.chaos, job.name, job.attemptsMade);
        await this.reply(envelope, job.id, { e: failure.body });
        finished('replied_error');
        return undefined;
      }
      // An event or flow step no caller waits on is retried while a dependency is down.
      if (failure.kind === 'domain' && failure.body.code !== ErrorCode.Unavailable) {
        finished('failed');
        throw new UnrecoverableError(`${failure.body.code}: ${failure.body.message}`);
      }
      if (job.attemptsMade + 1 < maxAttempts) {
        finished('retry');
        // Only a code reaches Redis: error texts may contain personal data.
        // eslint-disable-next-line preserve-caught-error -- the cause may hold personal data; it must not reach Redis.
        throw new Error(`${ErrorCode.Internal}: ${job.name} failed on attempt ${job.attemptsMade + 1}`);
      }
      await this.reply(envelope, job.id, {
        e: { code: ErrorCode.Internal, message: `${job.name} failed after ${maxAttempts} attempts` },
      });
      finished('failed');
      // eslint-disable-next-line preserve-caught-error -- the cause may hold personal data; it must not reach Redis.
      throw new Error(`${ErrorCode.Internal}: ${job.name} failed after ${maxAttempts} attempts`);
    }

    this.dropFirstAnswer(job, maxAttempts, finished);
    reportRedelivered(this.options.chaos, job.name, job.attemptsMade);
    // Sealed once: for the waiting caller's reply, or for a flow parent to collect (or neither, for events).
    const sealed = envelope.r || job.parentKey ? this.cipher.seal(result, resultAad(job.name)) : undefined;
    if (sealed) await this.reply(envelope, job.id, { s: sealed });
    finished('completed');
    // Only a flow's child keeps its result in Redis (sealed), for the parent to collect.
    return job.parentKey && sealed ? { n: job.name, s: sealed } : undefined;
  }

  /** Chaos mode: the handler has committed; its first answer is lost, so the job runs again. */
  private dropFirstAnswer(job: Job, maxAttempts: number, finished: (outcome: 'retry') => void): void {
    if (!losesAnswer(this.options.chaos, job.id, job.attemptsMade, maxAttempts)) return;
    finished('retry');
    throw new AnswerDropped(job.name);
  }

  private async invoke(handler: MessageHandler, payload: unknown, context: BullMqContext): Promise<unknown> {
    const out: unknown = await handler(payload, context);
    // A plain value needs no Observable round (transformToObservable would wrap it in one).
    if (!isObservable(out)) return out;
    return lastValueFrom(out, { defaultValue: undefined });
  }

  /** A flow parent's children results, keyed by the child's queue (`<prefix>:<queue>:<id>`). */
  /** Handlers by job name, looked up once: Nest's lookup parses every pattern as JSON first. */
  private handlerFor(name: string): MessageHandler | null {
    let handler = this.handlerCache.get(name);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(name);
      this.handlerCache.set(name, handler);
    }
    return handler;
  }

  private async childResults(job: Job): Promise<Record<string, unknown>> {
    const values = await job.getChildrenValues<ChildResult>();
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      const queue = key.split(':').at(-2) ?? key;
      out[queue] = this.cipher.open(value.s, resultAad(value.n));
    }
    return out;
  }

  private async reply(
    envelope: JobEnvelope,
    id: string | undefined,
    body: Omit<ReplyEnvelope, 'i'>,
  ): Promise<void> {
    if (!envelope.r || !id || !this.publisher) return;
    await this.publisher.publish(envelope.r, JSON.stringify({ i: id, ...body } satisfies ReplyEnvelope));
  }
}
