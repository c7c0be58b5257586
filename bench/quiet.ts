import { QUEUES } from '@offera/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './stats.js';

/**
 * Waits until the services' queues hold no runnable work (e.g. the welcome mails that
 * registrations trigger), so a measurement does not pay for the previous step's backlog.
 * Delayed jobs are not counted: job schedulers always keep their next run there.
 */
export async function waitForQuietQueues(
  redisUrl: string,
  prefix: string,
  timeoutMs = 30_000,
): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = QUEUES.map((name) => new Queue(name, { connection, prefix }));
  const started = Date.now();
  try {
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized')));
      const pending = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
      if (pending === 0) break;
      if (Date.now() - started > timeoutMs) {
        progress(`${pending} jobs still pending after ${timeoutMs} ms; measuring anyway`);
        break;
      }
      await sleep(100);
    }
    progress(`queues quiet after ${Date.now() - started} ms`);
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    await connection.quit();
  }
}
