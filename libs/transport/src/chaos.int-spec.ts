import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { ErrorCode } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { Redis } from 'ioredis';
import { BullMqClient } from './bullmq-client.js';
import { BullMqContext } from './bullmq-context.js';
import { BullMqServer } from './bullmq-server.js';
import { parseTransportChaos } from './chaos.js';
import { DomainError, RemoteError } from './domain-error.js';
import { FlowClient } from './flow-client.js';
import { MessageBus } from './message-bus.js';
import type { RoutingTable } from './routing.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const key = randomBytes(32);
const prefix = `t-chaos-${randomUUID().slice(0, 8)}`;
const redis = { url: REDIS_URL };

const routing: RoutingTable = {
  messages: {
    'chaos.count': 'orders',
    'chaos.refuse': 'orders',
    'chaos.step': 'orders',
    'chaos.end': 'customers',
  },
  events: { 'chaos.happened': ['orders'] },
};

/** Every delivery each handler saw, with its attempt number. */
const deliveries: { name: string; attempt: number }[] = [];
const ended: Record<string, unknown>[] = [];
let committed = 0;

@Controller()
class OrdersHandlers {
  @MessagePattern('chaos.count')
  count(@Payload() data: { n: number }, @Ctx() ctx: BullMqContext) {
    deliveries.push({ name: 'count', attempt: ctx.attempt });
    // Idempotent as handlers must be: the second delivery answers as the first did.
    if (ctx.attempt === 1) committed++;
    return { n: data.n, committed };
  }

  @MessagePattern('chaos.refuse')
  refuse(@Ctx() ctx: BullMqContext) {
    deliveries.push({ name: 'refuse', attempt: ctx.attempt });
    throw new DomainError(ErrorCode.Conflict, 'Already exists', 'TAKEN');
  }

  @MessagePattern('chaos.step')
  step(@Ctx() ctx: BullMqContext) {
    deliveries.push({ name: 'step', attempt: ctx.attempt });
    return { step: 'done' };
  }

  @EventPattern('chaos.happened')
  happened(@Ctx() ctx: BullMqContext) {
    deliveries.push({ name: 'event', attempt: ctx.attempt });
  }
}

@Controller()
class CustomersHandlers {
  @MessagePattern('chaos.end')
  end(@Ctx() ctx: BullMqContext) {
    ended.push({ ...ctx.childResults });
    return 'ended';
  }
}

@Module({ controllers: [OrdersHandlers] })
class OrdersApp {}
@Module({ controllers: [CustomersHandlers] })
class CustomersApp {}

describe('TRANSPORT_CHAOS=lose-first-answer', () => {
  const apps: INestMicroservice[] = [];
  let client: BullMqClient;
  let bus: MessageBus;

  const start = async (module: new () => unknown, queue: 'orders' | 'customers') => {
    const app = await NestFactory.createMicroservice(module, {
      strategy: new BullMqServer({
        queue,
        redis,
        prefix,
        encryptionKey: key,
        routing,
        strictHandlers: false,
        chaos: parseTransportChaos('lose-first-answer', undefined, 'test'),
      }),
      logger: false,
    });
    await app.listen();
    apps.push(app);
  };

  beforeAll(async () => {
    await start(OrdersApp, 'orders');
    await start(CustomersApp, 'customers');
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
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(apps.map((a) => a.close()));
    const inspector = new Redis(REDIS_URL);
    const keys = await inspector.keys(`${prefix}:*`);
    if (keys.length) await inspector.del(...keys);
    await inspector.quit();
  });

  beforeEach(() => {
    deliveries.length = 0;
  });

  const send = (name: string, data: unknown) => bus.send(name as never, data as never) as Promise<unknown>;

  it('runs a request twice and answers the caller once, with the second delivery’s answer', async () => {
    await expect(send('chaos.count', { n: 7 })).resolves.toEqual({ n: 7, committed: 1 });
    expect(deliveries).toEqual([
      { name: 'count', attempt: 1 },
      { name: 'count', attempt: 2 },
    ]);
  });

  it('drops a first domain-error answer too', async () => {
    await expect(send('chaos.refuse', {})).rejects.toBeInstanceOf(RemoteError);
    expect(deliveries).toEqual([
      { name: 'refuse', attempt: 1 },
      { name: 'refuse', attempt: 2 },
    ]);
  });

  it('delivers an event twice', async () => {
    await client.publishEvent('chaos.happened', {}, randomUUID());
    await waitFor(() => deliveries.length === 2, { description: 'the event delivered again' });
    expect(deliveries).toEqual([
      { name: 'event', attempt: 1 },
      { name: 'event', attempt: 2 },
    ]);
  });

  it('runs a flow child twice and its parent gets the child’s result', async () => {
    const flows = new FlowClient({ redis, prefix, encryptionKey: key, routing, backoffMs: 20 });
    await flows.start({ name: 'chaos.end', payload: {} }, [{ name: 'chaos.step', payload: {} }]);
    await waitFor(() => ended.length > 0, { description: 'the flow parent' });
    await flows.close();
    expect(deliveries.filter((d) => d.name === 'step')).toEqual([
      { name: 'step', attempt: 1 },
      { name: 'step', attempt: 2 },
    ]);
    expect(ended[0]).toEqual({ orders: { step: 'done' } });
  });
});
