import { Redis } from 'ioredis';

import { cleanupRedis, scanRedis, testRedisPrefix } from './redis.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('Redis test helpers', () => {
  const prefix = testRedisPrefix();
  const otherPrefix = testRedisPrefix();
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    await redis.set(`${prefix}:string`, 'hello Maija@Example.fi');
    await redis.hset(`${prefix}:hash`, { field: 'x', 'phone:+358401234567': 'y' });
    await redis.rpush(`${prefix}:list`, 'a', 'Kotikatu 7');
    await redis.sadd(`${prefix}:set`, 'in-a-set-needle');
    await redis.zadd(`${prefix}:zset`, 1, 'in-a-zset-needle');
    await redis.xadd(`${prefix}:stream`, '*', 'event', 'in-a-stream-needle');
    await redis.set(`${prefix}:customer:131052-308T`, '1');
    await redis.set(`${otherPrefix}:string`, 'maija@example.fi');
  });

  afterAll(async () => {
    await cleanupRedis(REDIS_URL, prefix);
    await cleanupRedis(REDIS_URL, otherPrefix);
    await redis.quit();
  });

  it('makes unique prefixes', () => {
    expect(prefix).toMatch(/^offera_t_[0-9a-f]{12}$/);
    expect(prefix).not.toBe(otherPrefix);
  });

  it('finds needles in values of every type and in key names, ignoring case', async () => {
    const hits = await scanRedis(
      REDIS_URL,
      [
        'maija@example.fi',
        '+358401234567',
        'kotikatu 7',
        'in-a-set-needle',
        'in-a-zset-needle',
        'in-a-stream-needle',
        '131052-308t',
      ],
      { prefix },
    );
    expect(hits).toEqual(
      expect.arrayContaining([
        { key: `${prefix}:string`, needle: 'maija@example.fi' },
        { key: `${prefix}:hash`, needle: '+358401234567' },
        { key: `${prefix}:list`, needle: 'kotikatu 7' },
        { key: `${prefix}:set`, needle: 'in-a-set-needle' },
        { key: `${prefix}:zset`, needle: 'in-a-zset-needle' },
        { key: `${prefix}:stream`, needle: 'in-a-stream-needle' },
        { key: `${prefix}:customer:131052-308T`, needle: '131052-308t' },
      ]),
    );
    expect(hits).toHaveLength(7);
  });

  it('finds nothing for an absent needle and stays inside the prefix', async () => {
    expect(await scanRedis(REDIS_URL, ['matti.virtanen@example.fi'], { prefix })).toEqual([]);
    expect(await scanRedis(REDIS_URL, [])).toEqual([]);
    const everywhere = await scanRedis(REDIS_URL, ['maija@example.fi']);
    expect(everywhere.map((h) => h.key)).toEqual(
      expect.arrayContaining([`${prefix}:string`, `${otherPrefix}:string`]),
    );
  });

  it('cleanupRedis deletes every key under the prefix and nothing else', async () => {
    const doomed = testRedisPrefix();
    await redis.set(`${doomed}:a`, '1');
    await redis.hset(`${doomed}:b`, 'f', 'v');
    expect(await cleanupRedis(REDIS_URL, doomed)).toBe(2);
    expect(await redis.exists(`${doomed}:a`, `${doomed}:b`)).toBe(0);
    expect(await redis.exists(`${otherPrefix}:string`)).toBe(1);
    await expect(cleanupRedis(REDIS_URL, '')).rejects.toThrow(/non-empty prefix/);
  });
});
