import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from './children.js';
import type { CleanupSteps } from './lifecycle.js';
import type { Side } from './pairs.js';
import { RawFlows, RawRequestReply } from './raw.js';
import { phasePrefix } from './shared.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where a benchmark run keeps its keys and what it undoes at the end. */
export interface RunContext {
  readonly redisUrl: string;
  /** The run's key prefix; every phase's keys live under it. */
  readonly prefix: string;
  readonly cleanups: CleanupSteps;
}

/** The serving side of a raw or transport measurement, in its own process. */
export async function echoWorker(
  run: RunContext,
  mode: string,
  keyPrefix: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<Child> {
  const child = Child.spawn(mode, join(here, 'echo-worker.js'), [mode], {
    PATH: process.env.PATH,
    REDIS_URL: run.redisUrl,
    BENCH_PREFIX: keyPrefix,
    ...extra,
  });
  run.cleanups.push(() => child.stop());
  await child.waitForLine('ready');
  return child;
}

/** Raw request/reply: bare Queue.add → Worker → reply on a pub/sub channel. */
export async function rawRequestReplySide(run: RunContext): Promise<Side> {
  const keyPrefix = phasePrefix(run.prefix, 'raw');
  const worker = await echoWorker(run, 'raw-reply', keyPrefix);
  const client = new RawRequestReply(run.redisUrl, keyPrefix);
  await client.open();
  run.cleanups.push(() => client.close());
  return { name: 'raw request/reply', servers: [worker], op: () => client.send() };
}

/** Raw flow: bare FlowProducer, four trivial children on four queues and a parent. */
export async function rawFlowSide(run: RunContext): Promise<Side> {
  const keyPrefix = phasePrefix(run.prefix, 'raw');
  const worker = await echoWorker(run, 'raw-flow', keyPrefix);
  const flows = new RawFlows(run.redisUrl, keyPrefix);
  await flows.open();
  run.cleanups.push(() => flows.close());
  return { name: 'raw 4-child flow', servers: [worker], op: () => flows.run() };
}
