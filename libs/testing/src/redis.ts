import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

/** A key prefix no other test uses, e.g. for BullMQ's `prefix` option. */
export const testRedisPrefix = (): string => `offera_t_${randomBytes(6).toString('hex')}`;

const escapeGlob = (value: string): string => value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

async function withRedis<T>(url: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

async function scanKeys(redis: Redis, match: string, each: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    if (keys.length) await each(keys);
  } while (cursor !== '0');
}

/** Deletes every key starting with `prefix` (SCAN, never KEYS). Returns how many. */
export async function cleanupRedis(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('cleanupRedis needs a non-empty prefix');
  return withRedis(redisUrl, async (redis) => {
    let deleted = 0;
    await scanKeys(redis, `${escapeGlob(prefix)}*`, async (keys) => {
      deleted += await redis.unlink(...keys);
    });
    return deleted;
  });
}

export interface RedisHit {
  key: string;
  needle: string;
}

async function readableParts(redis: Redis, key: string): Promise<string[]> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flat();
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1);
    case 'stream': {
      const entries = await redis.xrange(key, '-', '+');
      return entries.flatMap(([id, fields]) => [id, ...fields]);
    }
    default:
      return [];
  }
}

/**
 * Searches key names and the values of every string, hash, list, set, sorted set and stream
 * (optionally only under `prefix`) for each needle, ignoring case.
 */
export async function scanRedis(
  redisUrl: string,
  needles: string[],
  options: { prefix?: string } = {},
): Promise<RedisHit[]> {
  const wanted = needles.filter((n) => n.length > 0).map((n) => ({ needle: n, lower: n.toLowerCase() }));
  if (!wanted.length) return [];
  return withRedis(redisUrl, async (redis) => {
    const hits: RedisHit[] = [];
    const match = options.prefix ? `${escapeGlob(options.prefix)}*` : '*';
    await scanKeys(redis, match, async (keys) => {
      for (const key of keys) {
        const text = [key, ...(await readableParts(redis, key))].join('\n').toLowerCase();
        for (const { needle, lower } of wanted) if (text.includes(lower)) hits.push({ key, needle });
      }
    });
    return hits;
  });
}
