import { FlowProducer, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  ECHO_PAYLOAD,
  FLOW_PARENT_QUEUE,
  FLOW_QUEUES,
  RAW_REPLY_QUEUE,
  rawFlowChannel,
  rawReplyChannel,
  type RawFlowJob,
  type RawReplyJob,
} from './shared.js';

/** Waiters keyed by a counter, resolved when their id arrives on a pub/sub channel. */
class ChannelWaiters {
  private readonly waiting = new Map<number, () => void>();
  private seq = 0;
  private subscriber?: Redis;

  constructor(
    private readonly redisUrl: string,
    private readonly channel: string,
    private readonly idOf: (message: string) => number,
  ) {}

  async open(): Promise<void> {
    this.subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, message: string) => {
      const id = this.idOf(message);
      const resolve = this.waiting.get(id);
      this.waiting.delete(id);
      resolve?.();
    });
    await this.subscriber.subscribe(this.channel);
  }

  /** A fresh id and a promise of its arrival. */
  next(): { id: number; arrived: Promise<void> } {
    const id = ++this.seq;
    return { id, arrived: new Promise<void>((resolve) => this.waiting.set(id, resolve)) };
  }

  forget(id: number): void {
    this.waiting.delete(id);
  }

  async close(): Promise<void> {
    await this.subscriber?.quit();
  }
}

/**
 * The raw request/reply baseline: a bare `Queue.add`, a bare `Worker` in another process
 * publishing the reply on this client's channel. No Nest, no HTTP, no encryption.
 */
export class RawRequestReply {
  private readonly connection: Redis;
  private readonly queue: Queue<RawReplyJob>;
  private readonly replies: ChannelWaiters;
  private readonly channel: string;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<RawReplyJob>(RAW_REPLY_QUEUE, { connection: this.connection, prefix });
    this.channel = rawReplyChannel(prefix);
    this.replies = new ChannelWaiters(redisUrl, this.channel, (m) => (JSON.parse(m) as { i: number }).i);
  }

  open(): Promise<void> {
    return this.replies.open();
  }

  async send(): Promise<void> {
    const { id, arrived } = this.replies.next();
    try {
      await this.queue.add(
        'echo',
        { i: id, r: this.channel, p: ECHO_PAYLOAD },
        { removeOnComplete: true, removeOnFail: true },
      );
    } catch (error) {
      this.replies.forget(id);
      throw error;
    }
    await arrived;
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.replies.close();
    await this.connection.quit();
  }
}

/**
 * The raw flow baseline: a bare `FlowProducer` flow, one trivial child on each of four queues
 * and a parent that announces its completion on a channel.
 */
export class RawFlows {
  private readonly connection: Redis;
  private readonly producer: FlowProducer;
  private readonly done: ChannelWaiters;
  private readonly channel: string;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.producer = new FlowProducer({ connection: this.connection, prefix });
    this.channel = rawFlowChannel(prefix);
    this.done = new ChannelWaiters(redisUrl, this.channel, Number);
  }

  open(): Promise<void> {
    return this.done.open();
  }

  async run(): Promise<void> {
    const { id, arrived } = this.done.next();
    const opts = { removeOnComplete: true, removeOnFail: true };
    try {
      await this.producer.add({
        name: 'parent',
        queueName: FLOW_PARENT_QUEUE,
        data: { i: id, r: this.channel } satisfies RawFlowJob,
        opts,
        children: FLOW_QUEUES.map((queueName) => ({
          name: 'child',
          queueName,
          data: { i: id } satisfies RawFlowJob,
          opts,
        })),
      });
    } catch (error) {
      this.done.forget(id);
      throw error;
    }
    await arrived;
  }

  async close(): Promise<void> {
    await this.producer.close();
    await this.done.close();
    await this.connection.quit();
  }
}
