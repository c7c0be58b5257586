import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionConfig {
  /** redis[s]://user:password@host:port — the app's ACL user and password. */
  readonly url: string;
  /** Verify the server certificate for rediss:// URLs. */
  readonly tlsRejectUnauthorized?: boolean;
  /** PEM CA bundle for a managed Redis whose certificate no system CA signs. */
  readonly tlsCa?: string;
}

/** The connection settings from an app's validated configuration (`redisEnv`). */
export const redisConnectionConfig = (config: {
  readonly redisUrl: string;
  readonly redisTlsRejectUnauthorized: boolean;
  readonly redisTlsCa?: string;
}): RedisConnectionConfig => ({
  url: config.redisUrl,
  tlsRejectUnauthorized: config.redisTlsRejectUnauthorized,
  tlsCa: config.redisTlsCa || undefined,
});

/** ioredis options for BullMQ: workers need `maxRetriesPerRequest: null`. */
export function redisOptions(config: RedisConnectionConfig, name: string): RedisOptions {
  const tls = config.url.startsWith('rediss://')
    ? {
        rejectUnauthorized: config.tlsRejectUnauthorized ?? true,
        ...(config.tlsCa ? { ca: config.tlsCa } : {}),
      }
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
