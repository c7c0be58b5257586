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

export function createRedis(
  config: RedisConnectionConfig,
  name: string,
  overrides: Partial<RedisOptions> = {},
): Redis {
  return new Redis(config.url, { ...redisOptions(config, name), ...overrides });
}

/**
 * For a connection whose callers must hear at once that Redis is down (a producer that answers
 * HTTP requests): nothing is buffered while disconnected, and a command in flight when the
 * connection drops fails rather than being sent again after a reconnect, when its caller has
 * long been answered. The connection still reconnects by itself.
 */
export const FAIL_FAST: Readonly<Partial<RedisOptions>> = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
};

/** Whether an error means the Redis connection was down (so the command did not run, or may not have). */
export function isRedisUnavailable(error: unknown): boolean {
  // Duck-typed rather than `instanceof Error`: socket errors may come from another realm (a test VM).
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  return (
    name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue options is false|^Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(
      message,
    )
  );
}

/** Resolves once the connection is ready (commands can be sent), however long that takes. */
export function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      redis.off('ready', onReady);
      reject(new Error('Connection is closed.'));
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/** Closes a connection if it was opened. */
export async function quit(redis: Redis | undefined): Promise<void> {
  if (redis && redis.status !== 'end') await redis.quit();
}
