import { randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '@offera/testing';
import { Redis } from 'ioredis';
import { type BroadcastListener, BullMqClient } from './bullmq-client.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What one listener heard, in order. */
class Recorder implements BroadcastListener {
  readonly heard: string[] = [];
  received(key: string): void {
    this.heard.push(`key:${key}`);
  }
  listening(): void {
    this.heard.push('listening');
  }
  deaf(): void {
    this.heard.push('deaf');
  }
}

describe('broadcasts', () => {
  const prefix = `t-broadcast-${randomUUID().slice(0, 8)}`;
  const encryptionKey = randomBytes(32);
  const clients: BullMqClient[] = [];
  let inspector: Redis;

  const client = (name: string) => {
    const c = new BullMqClient({ redis: { url: REDIS_URL }, prefix, encryptionKey, name });
    clients.push(c);
    return c;
  };

  beforeAll(() => {
    inspector = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await inspector.quit();
  });

  it('reaches every listening process, sealed on the wire', async () => {
    const [a, b, sender] = [client('bc-a'), client('bc-b'), client('bc-sender')];
    const [ra, rb] = [new Recorder(), new Recorder()];
    await a.listen('customer.profile-changed', ra);
    await b.listen('customer.profile-changed', rb);
    const spy = new Redis(REDIS_URL);
    const raw: string[] = [];
    spy.on('message', (_channel: string, message: string) => raw.push(message));
    await spy.subscribe(`${prefix}:broadcast:customer.profile-changed`);
    const id = randomUUID();
    await sender.broadcast('customer.profile-changed', id);
    await waitFor(() => (ra.heard.includes(`key:${id}`) && rb.heard.includes(`key:${id}`) ? true : null), {
      description: 'both listeners to hear the broadcast',
    });
    await waitFor(() => (raw.length ? true : null), { description: 'the spy to see the message' });
    expect(raw[0]).not.toContain(id);
    await spy.quit();
    expect(ra.heard).toEqual(['listening', `key:${id}`]);
  });

  it('tells a listener it was deaf while its connection was down, and when it listens again', async () => {
    const name = `bc-reconnect-${randomUUID().slice(0, 8)}`;
    const c = client(name);
    const r = new Recorder();
    await c.listen('customer.profile-changed', r);
    const list = (await inspector.client('LIST')) as string;
    const id = /id=(\d+) .*name=(\S+)/g;
    const victim = [...list.matchAll(id)].find((m) => m[2] === `${name}-replies`)?.[1];
    expect(victim).toBeDefined();
    await inspector.client('KILL', 'ID', victim!);
    await waitFor(() => (r.heard.filter((h) => h === 'listening').length === 2 ? true : null), {
      timeoutMs: 10_000,
      description: 'the listener to be told it listens again',
    });
    expect(r.heard).toEqual(['listening', 'deaf', 'listening']);
    const key = randomUUID();
    await client('bc-sender-2').broadcast('customer.profile-changed', key);
    await waitFor(() => (r.heard.includes(`key:${key}`) ? true : null), {
      description: 'a broadcast after the reconnect to arrive',
    });
  });
});
