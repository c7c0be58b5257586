/**
 * The compose stack's Redis ACL (the same rules as production's) on a private redis-server:
 * nobody gets in without a password, each app's user runs the real transport under the queue
 * prefix and nothing outside it, KEDA's user reads queue lengths only, the probe only pings.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SERVICES } from '@offera/config';
import { BullMqClient, BullMqServer, MessageBus, type RoutingTable } from '@offera/transport';
import type { Redis } from 'ioredis';
import { parseAcl, PrivateRedis } from './redis-acl.js';

const ACL_FILE = fileURLToPath(new URL('../../compose/redis-users.acl', import.meta.url));
const users = parseAcl(readFileSync(ACL_FILE, 'utf8'));
const password = (name: string): string => users.get(name)?.passwords[0] ?? '';
const PREFIX = 'offera'; // the compose stack's QUEUE_PREFIX; this Redis is ours alone

const routing: RoutingTable = { messages: { 'acl.echo': 'orders' }, events: {} };

@Controller()
class EchoHandlers {
  @MessagePattern('acl.echo')
  echo(@Payload() data: { text: string }) {
    return { echoed: data.text };
  }
}
@Module({ controllers: [EchoHandlers] })
class EchoApp {}

describe('Redis ACL of the compose stack, on a real redis-server', () => {
  let redis: PrivateRedis;
  const open: Redis[] = [];
  const as = async (user?: string, pw = user ? password(user) : undefined): Promise<Redis> => {
    const r = await redis.connect(user, pw);
    open.push(r);
    return r;
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start(ACL_FILE);
  });
  afterAll(async () => {
    await Promise.all(open.map((r) => r.quit().catch(() => undefined)));
    await redis.stop();
  });

  it('has one user per app, KEDA and the probe, and no default user', () => {
    expect([...users.keys()].sort()).toEqual([...SERVICES, 'default', 'keda', 'probe'].sort());
    expect(users.get('default')?.on).toBe(false);
    for (const [name, user] of users)
      if (name !== 'default') {
        expect(user.on).toBe(true);
        expect(user.passwords).toHaveLength(1);
        expect(user.passwords[0].length).toBeGreaterThanOrEqual(24);
      }
  });

  it('refuses a connection without a password or with a wrong one', async () => {
    expect(await redis.raw(['PING'])).toEqual([expect.stringMatching(/^-NOAUTH/)]);
    expect(await redis.raw([`AUTH orders wrong-password`, 'PING'])).toEqual([
      expect.stringMatching(/^-WRONGPASS/),
      expect.stringMatching(/^-NOAUTH/),
    ]);
    expect(await redis.raw([`AUTH default anything`, 'PING'])).toEqual([
      expect.stringMatching(/^-WRONGPASS/),
      expect.stringMatching(/^-NOAUTH/),
    ]);
    expect(await redis.raw([`AUTH orders ${password('orders')}`, 'PING'])).toEqual(['+OK', '+PONG']);
  });

  it('lets an app user run the transport under the queue prefix', async () => {
    const key = randomBytes(32);
    const server = new BullMqServer({
      queue: 'orders',
      redis: { url: redis.url('orders', password('orders')) },
      prefix: PREFIX,
      encryptionKey: key,
      routing,
      strictHandlers: false,
    });
    const app: INestMicroservice = await NestFactory.createMicroservice(EchoApp, {
      strategy: server,
      logger: false,
    });
    await app.listen();
    const client = new BullMqClient({
      redis: { url: redis.url('gateway', password('gateway')) },
      prefix: PREFIX,
      encryptionKey: key,
      routing,
      requestTimeoutMs: 10_000,
    });
    try {
      await client.connect();
      const bus = new MessageBus(client);
      await expect(bus.send('acl.echo' as never, { text: 'hei' } as never)).resolves.toEqual({
        echoed: 'hei',
      });
    } finally {
      await client.close();
      await app.close();
    }
  });

  it.each(SERVICES.map((s) => [s]))(
    'keeps %s inside the prefix and away from admin commands',
    async (app) => {
      const r = await as(app);
      await expect(r.set(`${PREFIX}:acl-check:${app}`, '1')).resolves.toBe('OK');
      await expect(r.set(`other:${app}`, '1')).rejects.toThrow(/NOPERM/);
      await expect(r.publish(`other-channel`, 'x')).rejects.toThrow(/NOPERM/);
      for (const command of [
        ['keys', '*'],
        ['flushall'],
        ['config', 'get', 'requirepass'],
        ['acl', 'list'],
        ['monitor'],
      ])
        await expect(r.call(command[0], ...command.slice(1))).rejects.toThrow(/NOPERM/);
    },
  );

  it('lets KEDA read the length of wait lists and nothing else', async () => {
    const orders = await as('orders');
    await orders.rpush(`${PREFIX}:orders:wait`, 'job-1', 'job-2');
    await orders.set(`${PREFIX}:orders:meta-check`, 'x');
    const keda = await as('keda');
    await expect(keda.type(`${PREFIX}:orders:wait`)).resolves.toBe('list');
    await expect(keda.llen(`${PREFIX}:orders:wait`)).resolves.toBe(2);
    await expect(keda.llen(`${PREFIX}:orders:meta-check`)).rejects.toThrow(/NOPERM/);
    await expect(keda.lrange(`${PREFIX}:orders:wait`, 0, -1)).rejects.toThrow(/NOPERM/);
    await expect(keda.get(`${PREFIX}:orders:meta-check`)).rejects.toThrow(/NOPERM/);
    await expect(keda.call('eval', 'return 1', '0')).rejects.toThrow(/NOPERM/);
  });

  it('lets the health probe ping and do nothing else', async () => {
    const probe = await as('probe');
    await expect(probe.ping()).resolves.toBe('PONG');
    await expect(probe.get(`${PREFIX}:orders:meta-check`)).rejects.toThrow(/NOPERM/);
    await expect(probe.llen(`${PREFIX}:orders:wait`)).rejects.toThrow(/NOPERM/);
  });
});
