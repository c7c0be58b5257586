import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { ErrorCode } from '@offera/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { waitFor } from '@offera/testing';
import { BullMqClient } from './bullmq-client.js';
import { BullMqContext } from './bullmq-context.js';
import { BullMqServer } from './bullmq-server.js';
import { DomainError, RemoteError } from './domain-error.js';
import { FlowClient } from './flow-client.js';
import { MessageBus } from './message-bus.js';
import type { RoutingTable } from './routing.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const key = randomBytes(32);
const prefix = `t-transport-${randomUUID().slice(0, 8)}`;
const redis = { url: REDIS_URL };

const routing: RoutingTable = {
  messages: {
    'test.echo': 'orders',
    'test.flaky': 'orders',
    'test.refuse': 'orders',
    'test.broken': 'orders',
    'test.slow': 'orders',
    'test.whoami': 'orders',
    'test.step': 'customers',
    'test.finish': 'customers',
    'test.unserved': 'notifications',
  },
  events: { 'test.happened': ['orders', 'customers'] },
};

/** What the handlers saw, per server instance. */
const seen = {
  byInstance: new Map<string, string[]>(),
  flakyAttempts: [] as number[],
  refuseCalls: 0,
  brokenCalls: 0,
  events: [] as string[],
  finished: [] as Record<string, unknown>[],
  /** What each `test.step` was handed from the steps it waited for. */
  stepInputs: [] as Record<string, unknown>[],
  slowStarted: 0,
  slowDone: 0,
};
let releaseSlow: () => void = () => undefined;

@Controller()
class OrdersHandlers {
  @MessagePattern('test.echo')
  echo(@Payload() data: { text: string }) {
    return { echoed: data.text };
  }

  @MessagePattern('test.whoami')
  whoami(@Payload() data: { n: number }, @Ctx() ctx: BullMqContext) {
    const list = seen.byInstance.get(instanceOf(ctx)) ?? [];
    list.push(String(data.n));
    seen.byInstance.set(instanceOf(ctx), list);
    return data.n;
  }

  @MessagePattern('test.flaky')
  flaky(@Ctx() ctx: BullMqContext) {
    seen.flakyAttempts.push(ctx.attempt);
    if (ctx.attempt < 3) throw new Error('transient failure for maija@example.fi');
    return { attempt: ctx.attempt };
  }

  @MessagePattern('test.refuse')
  refuse() {
    seen.refuseCalls++;
    throw new DomainError(ErrorCode.Conflict, 'Already exists', 'EMAIL_TAKEN');
  }

  @MessagePattern('test.broken')
  broken() {
    seen.brokenCalls++;
    throw new Error('always broken');
  }

  @MessagePattern('test.slow')
  async slow() {
    seen.slowStarted++;
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    seen.slowDone++;
    return 'done';
  }

  @EventPattern('test.happened')
  happened(@Payload() data: { id: string }) {
    seen.events.push(`orders:${data.id}`);
  }
}

@Controller()
class CustomersHandlers {
  @MessagePattern('test.step')
  step(@Payload() data: { n: number }, @Ctx() ctx: BullMqContext) {
    seen.stepInputs.push({ ...ctx.childResults });
    return { service: 'customers', n: data.n };
  }

  @MessagePattern('test.finish')
  finish(@Ctx() ctx: BullMqContext) {
    seen.finished.push({ ...ctx.childResults });
    return 'finished';
  }

  @EventPattern('test.happened')
  happened(@Payload() data: { id: string }) {
    seen.events.push(`customers:${data.id}`);
  }
}

function instanceOf(ctx: BullMqContext): string {
  // The worker token differs per Worker, so it tells the replicas apart.
  return (ctx.job as unknown as { token?: string }).token?.split(':')[0] ?? 'unknown';
}

@Module({ controllers: [OrdersHandlers] })
class OrdersApp {}
@Module({ controllers: [CustomersHandlers] })
class CustomersApp {}

async function startServer(
  module: new () => unknown,
  queue: 'orders' | 'customers',
  extra: Partial<ConstructorParameters<typeof BullMqServer>[0]> = {},
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module, {
    strategy: new BullMqServer({
      queue,
      redis,
      prefix,
      encryptionKey: key,
      routing,
      strictHandlers: false,
      ...extra,
    }),
    logger: false,
  });
  await app.listen();
  return app;
}

describe('BullMQ transport', () => {
  let orders: INestMicroservice[];
  let customers: INestMicroservice;
  let client: BullMqClient;
  let bus: MessageBus;
  let inspector: Redis;

  beforeAll(async () => {
    orders = [await startServer(OrdersApp, 'orders'), await startServer(OrdersApp, 'orders')];
    customers = await startServer(CustomersApp, 'customers');
    client = new BullMqClient({
      redis,
      prefix,
      encryptionKey: key,
      routing,
      requestTimeoutMs: 5000,
      backoffMs: 20,
    });
    await client.connect();
    bus = new MessageBus(client);
    inspector = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await client.close();
    await Promise.all([...orders, customers].map((a) => a.close()));
    const keys = await inspector.keys(`${prefix}:*`);
    if (keys.length) await inspector.del(...keys);
    await inspector.quit();
  });

  const send = (name: string, data: unknown) => bus.send(name as never, data as never) as Promise<unknown>;

  it('answers a request with the handler result', async () => {
    await expect(send('test.echo', { text: 'hei' })).resolves.toEqual({ echoed: 'hei' });
  });

  it('with two replicas, handles every message exactly once', async () => {
    seen.byInstance.clear();
    const n = 200;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => send('test.whoami', { n: i })));
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i));
    const all = [...seen.byInstance.values()].flat();
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    // Both replicas took part (competing consumers, not one idle).
    expect(seen.byInstance.size).toBe(2);
  });

  it('retries a handler that throws twice and completes on its third attempt', async () => {
    seen.flakyAttempts = [];
    await expect(send('test.flaky', {})).resolves.toEqual({ attempt: 3 });
    expect(seen.flakyAttempts).toEqual([1, 2, 3]);
  });

  it('answers a domain error at once with its code, without retrying', async () => {
    seen.refuseCalls = 0;
    const err = await send('test.refuse', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: ErrorCode.Conflict, reason: 'EMAIL_TAKEN', message: 'Already exists' });
    expect(seen.refuseCalls).toBe(1);
  });

  it('keeps a message that exhausts its attempts as failed, with no readable payload or error text', async () => {
    seen.brokenCalls = 0;
    const err = await send('test.broken', { email: 'maija@example.fi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.Internal });
    expect(seen.brokenCalls).toBe(3);
    const q = new Queue('orders', { connection: inspector, prefix });
    const failed = await q.getFailed();
    const job = failed.find((j) => j.name === 'test.broken');
    expect(job).toBeDefined();
    expect(job?.attemptsMade).toBe(3);
    expect(JSON.stringify(job?.data)).not.toContain('maija');
    expect(job?.failedReason).not.toContain('always broken');
    expect(job?.stacktrace ?? []).toEqual([]);
    await q.close();
  });

  it('times out with a clear error when no service answers', async () => {
    const quick = new BullMqClient({ redis, prefix, encryptionKey: key, routing, requestTimeoutMs: 300 });
    await quick.connect();
    const err = await new MessageBus(quick)
      .send('test.unserved' as never, {} as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: ErrorCode.Timeout });
    expect((err as Error).message).toBe(
      'No reply to test.unserved from the notifications service within 300 ms',
    );
    await quick.close();
  });

  it('rejects a message no service handles', async () => {
    await expect(send('test.nowhere', {})).rejects.toMatchObject({ code: ErrorCode.Internal });
  });

  it('stores payloads encrypted and leaves no completed request in Redis', async () => {
    await send('test.echo', { text: 'matti.meikalainen@example.fi' });
    const keys = await inspector.keys(`${prefix}:*`);
    for (const k of keys) {
      const type = await inspector.type(k);
      const dump =
        type === 'string'
          ? await inspector.get(k)
          : type === 'hash'
            ? JSON.stringify(await inspector.hgetall(k))
            : type === 'stream'
              ? JSON.stringify(await inspector.xrange(k, '-', '+'))
              : type === 'list'
                ? JSON.stringify(await inspector.lrange(k, 0, -1))
                : '';
      expect(dump ?? '').not.toContain('matti');
    }
    const q = new Queue('orders', { connection: inspector, prefix });
    expect(await q.getCompletedCount()).toBe(0);
    await q.close();
  });

  it('routes an event to every subscribing service once', async () => {
    seen.events = [];
    const id = randomUUID();
    await bus.emit('test.happened' as never, { id } as never, id);
    await bus.emit('test.happened' as never, { id } as never, id); // same id: not a second event
    const deadline = Date.now() + 5000;
    while (seen.events.length < 2 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    // Drain: wait for both queues to have nothing waiting or active.
    for (const name of ['orders', 'customers']) {
      const q = new Queue(name, { connection: inspector, prefix });
      while ((await q.getActiveCount()) + (await q.getWaitingCount()) > 0 && Date.now() < deadline) {
        await new Promise((r) => setImmediate(r));
      }
      await q.close();
    }
    expect(seen.events.sort()).toEqual([`customers:${id}`, `orders:${id}`]);
  });

  it('runs a flow parent only after every child, with their results', async () => {
    seen.finished = [];
    const flows = new FlowClient({ redis, prefix, encryptionKey: key, routing });
    await flows.start({ name: 'test.finish', payload: {} }, [
      { name: 'test.step', payload: { n: 1 } },
      { name: 'test.echo', payload: { text: 'child' } },
    ]);
    const deadline = Date.now() + 5000;
    while (seen.finished.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(seen.finished).toEqual([
      { customers: { service: 'customers', n: 1 }, orders: { echoed: 'child' } },
    ]);
    await flows.close();
  });

  it('runs a step only after the steps it waits for; the parent collects its own children', async () => {
    seen.finished = [];
    seen.stepInputs = [];
    const flows = new FlowClient({ redis, prefix, encryptionKey: key, routing });
    const flowId = randomUUID();
    const children = [
      { name: 'test.step', payload: { n: 2 }, before: [{ name: 'test.echo', payload: { text: 'first' } }] },
    ];
    expect(flows.jobsOf(children, flowId)).toEqual([
      { queue: 'customers', jobId: `${flowId}-customers` },
      { queue: 'orders', jobId: `${flowId}-customers-test-echo` },
    ]);
    await flows.start({ name: 'test.finish', payload: {} }, children, flowId);
    await waitFor(() => seen.finished.length > 0, { description: 'the flow to finish' });
    // The step was handed the result of the one it waited for, so it ran after it completed.
    expect(seen.stepInputs).toEqual([{ orders: { echoed: 'first' } }]);
    expect(seen.finished).toEqual([{ customers: { service: 'customers', n: 2 } }]);
    await flows.close();
  });

  it('refuses to start when handlers do not match the routing table', async () => {
    await expect(
      startServer(CustomersApp, 'customers', {
        strictHandlers: true,
        routing: { messages: { 'test.step': 'customers', 'test.other': 'customers' }, events: {} },
      }),
    ).rejects.toThrow(/no @MessagePattern handler for test.other[\s\S]*test.finish, which is not routed/);
  });

  it('finishes an in-flight job before a replica closes', async () => {
    const extra = await startServer(OrdersApp, 'orders');
    // Stop the other replicas taking work so the extra one gets the job.
    await Promise.all(orders.map((a) => a.close()));
    seen.slowStarted = 0;
    seen.slowDone = 0;
    const reply = send('test.slow', {});
    while (seen.slowStarted === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = extra.close();
    releaseSlow();
    await closing;
    await expect(reply).resolves.toBe('done');
    expect(seen.slowDone).toBe(1);
    orders = [await startServer(OrdersApp, 'orders')];
  });

  it('hands an in-flight job back to the queue when a draining replica runs out of time', async () => {
    const draining = new BullMqServer({
      queue: 'orders',
      redis,
      prefix,
      encryptionKey: key,
      routing,
      strictHandlers: false,
    });
    const app = await NestFactory.createMicroservice(OrdersApp, { strategy: draining, logger: false });
    await app.listen();
    await Promise.all(orders.map((a) => a.close()));
    seen.slowStarted = 0;
    seen.slowDone = 0;
    const queue = new Queue('orders', { connection: inspector, prefix });
    const { failed } = await queue.getJobCounts('failed');
    const reply = send('test.slow', {});
    await waitFor(() => seen.slowStarted === 1, { intervalMs: 5 });
    const releaseFirst = releaseSlow;

    await draining.drain(50);
    expect(await queue.getJobCounts('waiting', 'active', 'failed')).toEqual({
      waiting: 1,
      active: 0,
      failed,
    });

    // Another replica takes it at once; the caller gets exactly one answer.
    orders = [await startServer(OrdersApp, 'orders')];
    await waitFor(() => seen.slowStarted === 2, { intervalMs: 5 });
    releaseSlow();
    releaseFirst();
    await expect(reply).resolves.toBe('done');
    // The reply goes out just before the job is marked completed.
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'failed');
        return counts.waiting === 0 && counts.active === 0 && counts.failed === failed;
      },
      { description: 'the job to complete, with no new failure' },
    );
    await queue.close();
    await app.close();
  });
});
