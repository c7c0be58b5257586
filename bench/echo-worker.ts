import 'reflect-metadata';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BullMqServer } from '@offera/transport';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  CONCURRENCY,
  ECHO_MESSAGE,
  ECHO_ROUTING,
  FLOW_PARENT_QUEUE,
  FLOW_QUEUES,
  RAW_REPLY_QUEUE,
  type RawFlowJob,
  type RawReplyJob,
} from './shared.js';

/**
 * The serving side of the raw and transport phases, in its own process as a real service
 * would be: `node echo-worker.js raw-reply|raw-flow|transport`. Prints `ready` once it
 * consumes, and stops on SIGTERM.
 */
const mode = process.argv[2];
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.BENCH_PREFIX ?? '';
if (!prefix) throw new Error('BENCH_PREFIX is required');

@Controller()
class EchoHandlers {
  @MessagePattern(ECHO_MESSAGE)
  echo(@Payload() data: unknown): unknown {
    return data;
  }
}

@Module({ controllers: [EchoHandlers] })
class EchoModule {}

const bare = (): Redis => new Redis(redisUrl, { maxRetriesPerRequest: null });

async function rawReply(): Promise<() => Promise<void>> {
  const connection = bare();
  const publisher = bare();
  const worker = new Worker<RawReplyJob>(
    RAW_REPLY_QUEUE,
    async (job) => {
      await publisher.publish(job.data.r, JSON.stringify({ i: job.data.i, p: job.data.p }));
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  await worker.waitUntilReady();
  return async () => {
    await worker.close();
    await Promise.all([connection.quit(), publisher.quit()]);
  };
}

async function rawFlow(): Promise<() => Promise<void>> {
  const connection = bare();
  const publisher = bare();
  const workers = FLOW_QUEUES.map(
    (queue) =>
      new Worker<RawFlowJob>(
        queue,
        async (job) => {
          if (queue === FLOW_PARENT_QUEUE && job.data.r) {
            await publisher.publish(job.data.r, String(job.data.i));
            return 'done';
          }
          return queue;
        },
        { connection, prefix, concurrency: CONCURRENCY },
      ),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all([connection.quit(), publisher.quit()]);
  };
}

async function transport(): Promise<() => Promise<void>> {
  const key = Buffer.from(process.env.BENCH_KEY ?? '', 'base64');
  const app: INestMicroservice = await NestFactory.createMicroservice(EchoModule, {
    strategy: new BullMqServer({
      queue: 'orders',
      redis: { url: redisUrl },
      prefix,
      encryptionKey: key,
      routing: ECHO_ROUTING,
      concurrency: CONCURRENCY,
    }),
    logger: ['warn', 'error'],
  });
  await app.listen();
  return () => app.close();
}

const starters: Record<string, () => Promise<() => Promise<void>>> = {
  'raw-reply': rawReply,
  'raw-flow': rawFlow,
  transport,
};

const start = starters[mode ?? ''];
if (!start) throw new Error(`Unknown mode ${mode}; use ${Object.keys(starters).join(', ')}`);
const stop = await start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
});
