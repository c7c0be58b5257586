import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionConfig {
  readonly url: string;
  /** Verify the server certificate for rediss:// URLs. */
  readonly tlsRejectUnauthorized?: boolean;
}

/** ioredis options for BullMQ: workers need `maxRetriesPerRequest: null`. */
export function redisOptions(config: RedisConnectionConfig, name: string): RedisOptions {
  const tls = config.url.startsWith('rediss://')
    ? { rejectUnauthorized: config.tlsRejectUnauthorized ?? true }
    : undefined;
  return { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false, ...(tls ? { tls } : {}) };
}

export function createRedis(config: RedisConnectionConfig, name: string): Redis {
  return new Redis(config.url, redisOptions(config, name));
}

/** Closes a connection if it was opened. */
export async function quit(redis: Redis | undefined): Promise<void> {
  if (redis && redis.status !== 'end') await redis.quit();
}
