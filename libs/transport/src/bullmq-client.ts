import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { type BroadcastName, ErrorCode, type QueueName, type TransportErrorBody } from '@offera/contracts';
import { type JobsOptions, type JobType, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { EnvelopeCipher } from './envelope-cipher.js';
import { createRedis, FAIL_FAST, quit, type RedisConnectionConfig, whenReady } from './redis-connection.js';
import { DEFAULT_ROUTING, type RoutingTable } from './routing.js';
import { type JobEnvelope, type ReplyEnvelope, resultAad } from './wire.js';

export interface BullMqClientOptions {
  readonly redis: RedisConnectionConfig;
  readonly prefix: string;
  readonly encryptionKey: Buffer;
  /** How long `send()` waits for a reply. */
  readonly requestTimeoutMs?: number;
  /** Delivery attempts of a request or event before it is kept as failed. */
  readonly attempts?: number;
  /** First retry delay; doubles each attempt. */
  readonly backoffMs?: number;
  readonly routing?: RoutingTable;
  /** A name for this client's connections (shows in Redis CLIENT LIST). */
  readonly name?: string;
}

/** A process's side of a broadcast: what it keeps must be dropped whenever it may have missed one. */
export interface BroadcastListener {
  /** A broadcast arrived with this key. */
  received(key: string): void;
  /** Subscribed (again): every broadcast from now on arrives. */
  listening(): void;
  /** The subscription is down: broadcasts may be missed until `listening()` is called. */
  deaf(): void;
}

interface Pending {
  readonly name: string;
  readonly queue: QueueName;
  readonly callback: (packet: WritePacket) => void;
  /** When the caller stops waiting (epoch ms). */
  readonly deadline: number;
}

/** Events' job options: kept a short while after completion, failures kept for inspection. */
const EVENT_KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 14 * 24 * 3600 } };
/** Requests: nothing kept once answered; failures kept for inspection. */
const REQUEST_KEEP = { removeOnComplete: true, removeOnFail: { age: 14 * 24 * 3600 } };

/**
 * Client side of the BullMQ transport: `send()` adds a job to the handling service's queue and
 * waits for the reply on this client's own pub/sub channel (nothing left at rest in Redis);
 * `emit()` adds one job per subscribing service, from the routing table.
 */
export class BullMqClient extends ClientProxy {
  private readonly cipher: EnvelopeCipher;
  private readonly routing: RoutingTable;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly pending = new Map<string, Pending>();
  private readonly replyChannel: string;
  private readonly log = new Logger('BullMqClient');
  private connection?: Redis;
  private subscriber?: Redis;
  private connecting?: Promise<void>;
  /** Broadcast channel → its listeners in this process. */
  private readonly broadcastListeners = new Map<string, Set<BroadcastListener>>();
  /** One timer for every pending request's timeout, rather than a timer per request. */
  private sweeper?: NodeJS.Timeout;
  private readonly timeoutMs: number;
  /** A request's and an event's job options, built once (only the job id differs). */
  private readonly requestOptions: JobsOptions;
  private readonly eventOptions: JobsOptions;

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.cipher = new EnvelopeCipher(options.encryptionKey);
    this.routing = options.routing ?? DEFAULT_ROUTING;
    this.replyChannel = `${options.prefix}:replies:${options.name ?? 'client'}:${randomUUID()}`;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.requestOptions = { ...this.jobOptions(), ...REQUEST_KEEP };
    this.eventOptions = { ...this.jobOptions(), attempts: options.attempts ?? 5, ...EVENT_KEEP };
  }

  connect(): Promise<void> {
    this.connecting ??= this.open().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const name = this.options.name ?? 'client';
    // The producer fails fast while Redis is down: a request is refused before it is queued,
    // never buffered to be queued after its caller has given up.
    this.connection = createRedis(this.options.redis, `${name}-producer`, FAIL_FAST);
    this.subscriber = createRedis(this.options.redis, `${name}-replies`);
    const subscriber = this.subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.replyChannel) this.onReply(message);
      else this.onBroadcast(channel, message);
    });
    subscriber.on('close', () => this.eachBroadcastListener((l) => l.deaf()));
    // ioredis re-subscribes after a reconnect; subscribing again and awaiting it tells us when that is done.
    subscriber.on('ready', () => {
      const channels = [...this.broadcastListeners.keys()];
      if (!channels.length) return;
      subscriber.subscribe(...channels).then(
        () => this.eachBroadcastListener((l) => l.listening()),
        () => undefined, // the connection dropped again: 'close' has told the listeners
      );
    });
    await subscriber.subscribe(this.replyChannel);
    await whenReady(this.connection);
    // Requests share one timeout, so the pending map is in deadline order; a sweep several times
    // per timeout ends requests late by at most a quarter of it.
    this.sweeper = setInterval(
      () => this.expire(Date.now()),
      Math.max(10, Math.min(1000, this.timeoutMs / 4)),
    );
    this.sweeper.unref();
    this._status$.next('connected');
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const [id, p] of this.pending) {
      p.callback({
        err: { code: ErrorCode.Unavailable, message: `Client closed before ${p.name} was answered` },
      });
      this.pending.delete(id);
    }
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await Promise.all([quit(this.subscriber), quit(this.connection)]);
    this.eachBroadcastListener((l) => l.deaf());
    this.broadcastListeners.clear();
    this.connecting = undefined;
    this._status$.next('disconnected');
  }

  /** Tells every process listening for `name` about `key` (sealed; not kept in Redis). */
  async broadcast<N extends BroadcastName>(name: N, key: string): Promise<void> {
    await this.connect();
    await this.connection?.publish(this.broadcastChannel(name), this.cipher.seal(key, name));
  }

  /** Listens for `name` on this client's subscriber connection until the client closes. */
  async listen(name: BroadcastName, listener: BroadcastListener): Promise<void> {
    await this.connect();
    const channel = this.broadcastChannel(name);
    let listeners = this.broadcastListeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.broadcastListeners.set(channel, listeners);
    }
    listeners.add(listener);
    await this.subscriber?.subscribe(channel);
    listener.listening();
  }

  private broadcastChannel(name: BroadcastName): string {
    return `${this.options.prefix}:broadcast:${name}`;
  }

  private eachBroadcastListener(fn: (listener: BroadcastListener) => void): void {
    for (const listeners of this.broadcastListeners.values()) for (const l of listeners) fn(l);
  }

  private onBroadcast(channel: string, message: string): void {
    const listeners = this.broadcastListeners.get(channel);
    if (!listeners) return;
    const name = channel.slice(`${this.options.prefix}:broadcast:`.length);
    let key: string;
    try {
      key = this.cipher.open<string>(message, name);
    } catch {
      this.log.warn(`Ignored a broadcast on ${name} that could not be opened`);
      return;
    }
    for (const l of listeners) l.received(key);
  }

  override on(): never {
    throw new Error('BullMqClient does not support event listeners; use its status stream');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  /** Both connections are up: a request sent now can be queued and its reply heard. */
  get available(): boolean {
    return this.connection?.status === 'ready' && this.subscriber?.status === 'ready';
  }

  /** Jobs in a queue by state (one Redis round trip), e.g. for a queue-depth gauge. */
  async jobCounts<S extends JobType>(queue: QueueName, states: readonly S[]): Promise<Record<S, number>> {
    await this.connect();
    const counts = await this.queue(queue).getJobCounts(...states);
    return Object.fromEntries(states.map((s) => [s, counts[s] ?? 0])) as Record<S, number>;
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      if (!this.connection) throw new Error('BullMqClient is not connected');
      q = new Queue(name, { connection: this.connection, prefix: this.options.prefix });
      // Connection errors reach callers as refused requests and readiness as down; unheard,
      // BullMQ would print each one.
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  private jobOptions(): JobsOptions {
    return {
      attempts: this.options.attempts ?? 3,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 200 },
      stackTraceLimit: 0,
    };
  }

  /**
   * `send()` as a promise: the same packet, job and reply as through `ClientProxy.send`, without
   * its per-call Observable pipeline (a measurable share of a round trip's CPU). Rejects with
   * the reply's error body, or with the connection error when Redis cannot be reached.
   */
  async request<T>(pattern: string, data: unknown): Promise<T> {
    if (pattern == null || data == null) throw new Error('A message needs a pattern and data');
    await this.connect();
    return new Promise<T>((resolve, reject) => {
      this.publish(this.createPacket(pattern, data), ({ err, response }) => {
        // The error body itself, as ClientProxy.send errors with: MessageBus maps it to a RemoteError.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a transport error body, not an Error
        if (err) reject(this.serializeError(err));
        else resolve(this.serializeResponse(response) as T);
      });
    });
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const name = this.normalizePattern(packet.pattern as string);
    const queueName = this.routing.messages[name];
    if (!queueName) {
      callback({ err: { code: ErrorCode.Internal, message: `No service handles the message ${name}` } });
      return () => undefined;
    }
    if (!this.available) {
      // Refused before it is queued: nothing will run later behind the caller's back.
      callback({
        err: { code: ErrorCode.Unavailable, message: `Could not queue ${name}: Redis unavailable` },
      });
      return () => undefined;
    }
    const id = randomUUID();
    this.pending.set(id, { name, queue: queueName, callback, deadline: Date.now() + this.timeoutMs });
    const envelope: JobEnvelope = {
      s: this.cipher.seal(packet.data as unknown, name),
      r: this.replyChannel,
      ...(packet.metadata ? { m: packet.metadata } : {}),
    };
    const queue = this.queue(queueName);
    queue.add(name, envelope, { ...this.requestOptions, jobId: id }).catch(() => {
      this.forgetIfBroken(queueName, queue);
      if (!this.pending.delete(id)) return;
      callback({
        err: { code: ErrorCode.Unavailable, message: `Could not queue ${name}: Redis unavailable` },
      });
    });
    return () => {
      this.pending.delete(id);
    };
  }

  /** A queue whose start-up failed (Redis dropped meanwhile) stays failed: make a new one next time. */
  private forgetIfBroken(name: QueueName, queue: Queue): void {
    queue.waitUntilReady().catch(() => {
      if (this.queues.get(name) === queue) this.queues.delete(name);
    });
  }

  /** Ends every request whose caller has waited its full timeout. */
  private expire(now: number): void {
    for (const [id, p] of this.pending) {
      if (p.deadline > now) break;
      this.pending.delete(id);
      p.callback({
        err: {
          code: ErrorCode.Timeout,
          message: `No reply to ${p.name} from the ${p.queue} service within ${this.timeoutMs} ms`,
        } satisfies TransportErrorBody,
      });
    }
  }

  private onReply(message: string): void {
    let reply: ReplyEnvelope;
    try {
      reply = JSON.parse(message) as ReplyEnvelope;
    } catch {
      this.log.warn('Ignored a malformed reply');
      return;
    }
    const p = this.pending.get(reply.i);
    if (!p) return; // timed out already, or a duplicate delivery's reply
    this.pending.delete(reply.i);
    if (reply.e) {
      p.callback({ err: reply.e });
      return;
    }
    try {
      p.callback({ response: this.cipher.open<unknown>(reply.s ?? '', resultAad(p.name)), isDisposed: true });
    } catch {
      p.callback({
        err: { code: ErrorCode.Internal, message: `The reply to ${p.name} could not be opened` },
      });
    }
  }

  /** Emits an event under a known id (e.g. an outbox row's), so a re-publish is not a second event. */
  async publishEvent(name: string, data: unknown, messageId: string): Promise<void> {
    await this.connect();
    await this.dispatchEvent({ pattern: name, data, metadata: { messageId } });
  }

  /** Adds the event to every subscriber's queue; the id makes a re-dispatch a no-op while the job exists. */
  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const name = this.normalizePattern(packet.pattern as string);
    // An event nobody subscribes to (yet) is delivered to no one.
    const queues = this.routing.events[name] ?? [];
    const id = packet.metadata?.messageId ?? randomUUID();
    const envelope: JobEnvelope = {
      s: this.cipher.seal(packet.data, name),
      ...(packet.metadata ? { m: packet.metadata } : {}),
    };
    await Promise.all(
      queues.map((q) => this.queue(q).add(name, envelope, { ...this.eventOptions, jobId: id })),
    );
    return undefined as T;
  }
}
