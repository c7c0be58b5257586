import net from 'node:net';
import { ConfigError, type ConfigOf, loadConfig, redisEnv, SERVICES, type ServiceName } from '@offera/config';
import { connectPg, sslOptions, withDatabase, type PgClient } from '@offera/database';
import { Redis } from 'ioredis';
import { loadCustomersConfig } from '../apps/customers/src/config.js';
import { loadGatewayConfig } from '../apps/gateway/src/config.js';
import { loadNotificationsConfig } from '../apps/notifications/src/config.js';
import { loadOrdersConfig } from '../apps/orders/src/config.js';
import { loadPrivacyConfig } from '../apps/privacy/src/config.js';
import { servicePortVariable, serviceEnvironment } from './service-env.js';
import { setupBaseEnv } from './setup-runner.js';

/**
 * What `npm start`, `npm run setup` and `npm run doctor` check before anything starts. Each
 * problem is one line: what is wrong, which variable points at it, and how to fix it.
 */
export type Level = 'ok' | 'warn' | 'fail';
export interface Finding {
  readonly level: Level;
  readonly text: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface PrerequisiteOptions {
  readonly env: Env;
  /** `setup` needs Node and Postgres; `start` (and the doctor) also Redis, valid service configuration and free ports. */
  readonly for: 'setup' | 'start';
  readonly nodeVersion?: string;
}

export const MIN_NODE_MAJOR = 24;
const MIN_POSTGRES = 150000;
const MIN_REDIS_MAJOR = 7;
const TIMEOUT_MS = 3000;

const RUN_POSTGRES =
  'install and start Postgres 15+ (or run one: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16)';
const RUN_REDIS =
  'install and start Redis 7 (or run one: docker run -d -p 6379:6379 redis:7.4 redis-server --appendonly yes --maxmemory-policy noeviction)';

const LOADERS: Readonly<Record<ServiceName, (env: Env) => { port: number }>> = {
  gateway: loadGatewayConfig,
  customers: loadCustomersConfig,
  orders: loadOrdersConfig,
  notifications: loadNotificationsConfig,
  privacy: loadPrivacyConfig,
};

const ok = (text: string): Finding => ({ level: 'ok', text });
const warn = (text: string): Finding => ({ level: 'warn', text });
const fail = (text: string): Finding => ({ level: 'fail', text });

/** host:port of a URL, never its user or password. */
const where = (url: string, defaultPort: number): string => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || defaultPort}`;
};

/** A connection error in a few words, without a stack. */
function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return `no answer within ${TIMEOUT_MS / 1000} s`;
  return message.split('\n')[0].replace(/\.+$/, '');
}

export function checkNode(version: string): Finding {
  const major = Number(version.split('.')[0]);
  return major >= MIN_NODE_MAJOR
    ? ok(`Node ${version}`)
    : fail(
        `Node ${version} is too old: Offera needs Node ${MIN_NODE_MAJOR} or newer; install it (https://nodejs.org, or nvm install ${MIN_NODE_MAJOR}) and run again.`,
      );
}

async function openPostgres(url: string, ssl: ReturnType<typeof sslOptions>): Promise<PgClient> {
  const connect = (connectionString: string) =>
    connectPg({ connectionString, connectionTimeoutMillis: TIMEOUT_MS, ...(ssl ? { ssl } : {}) });
  try {
    return await connect(url);
  } catch (error) {
    // The database itself is what setup creates: the server is what must be there.
    if ((error as { code?: string }).code === '3D000') return connect(withDatabase(url, 'postgres'));
    throw error;
  }
}

export async function checkPostgres(env: Env): Promise<Finding[]> {
  let config: ConfigOf<typeof setupBaseEnv>;
  try {
    config = loadConfig(setupBaseEnv, env);
  } catch (error) {
    return configFindings(error, 'npm run setup');
  }
  const at = where(config.adminUrl, 5432);
  const user = decodeURIComponent(new URL(config.adminUrl).username || 'postgres');
  let client: PgClient;
  try {
    client = await openPostgres(
      config.adminUrl,
      sslOptions(config.databaseSsl, config.databaseSslCa || undefined),
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '28P01')
      return [
        fail(
          `Postgres at ${at} refused the password of ${user} (DATABASE_ADMIN_URL): set DATABASE_ADMIN_URL with the superuser's password.`,
        ),
      ];
    if (code === '28000')
      return [
        fail(
          `Postgres at ${at} does not let ${user} in (DATABASE_ADMIN_URL): set DATABASE_ADMIN_URL to a superuser that pg_hba.conf admits.`,
        ),
      ];
    return [
      fail(
        `Postgres is not reachable at ${at} (DATABASE_ADMIN_URL): ${reason(error)}. Fix: ${RUN_POSTGRES}, or set DATABASE_ADMIN_URL to where it runs.`,
      ),
    ];
  }
  try {
    const { rows } = await client.query<{ num: string; version: string }>(
      `SELECT current_setting('server_version_num') AS num, split_part(current_setting('server_version'), ' ', 1) AS version`,
    );
    const { num, version } = rows[0];
    return Number(num) >= MIN_POSTGRES
      ? [ok(`Postgres ${version} at ${at}`)]
      : [
          fail(
            `Postgres ${version} at ${at} is too old (DATABASE_ADMIN_URL): Offera needs 15 or newer; upgrade it, or set DATABASE_ADMIN_URL to a newer server.`,
          ),
        ];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `key:value` lines of Redis INFO. */
const infoField = (info: string, key: string): string | undefined =>
  new RegExp(`^${key}:(.*)$`, 'm').exec(info)?.[1]?.trim();

export async function checkRedis(env: Env): Promise<Finding[]> {
  let config: { redisUrl: string; redisTlsRejectUnauthorized: boolean };
  try {
    config = loadConfig(
      { redisUrl: redisEnv.redisUrl, redisTlsRejectUnauthorized: redisEnv.redisTlsRejectUnauthorized },
      env,
    );
  } catch (error) {
    return configFindings(error, 'every service');
  }
  const at = where(config.redisUrl, 6379);
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: 'offera-doctor',
    ...(config.redisUrl.startsWith('rediss://')
      ? { tls: { rejectUnauthorized: config.redisTlsRejectUnauthorized } }
      : {}),
  });
  // The socket's own error (ECONNREFUSED…) says more than connect()'s "Connection is closed".
  let socketError: unknown;
  redis.on('error', (error: unknown) => (socketError ??= error));
  let info: string;
  try {
    await redis.connect();
    info = await redis.info();
  } catch (thrown) {
    const error = socketError ?? thrown;
    const message = error instanceof Error ? error.message : '';
    if (/NOAUTH|WRONGPASS/.test(message))
      return [
        fail(
          `Redis at ${at} refused the credentials (REDIS_URL): put the right user and password in REDIS_URL (redis://user:password@host:port).`,
        ),
      ];
    return [
      fail(
        `Redis is not reachable at ${at} (REDIS_URL): ${reason(error)}. Fix: ${RUN_REDIS}, or set REDIS_URL to where it runs.`,
      ),
    ];
  } finally {
    redis.disconnect();
  }
  const version = infoField(info, 'redis_version') ?? 'unknown';
  if (Number(version.split('.')[0]) < MIN_REDIS_MAJOR)
    return [
      fail(
        `Redis ${version} at ${at} is too old (REDIS_URL): Offera needs Redis ${MIN_REDIS_MAJOR} or newer; upgrade it, or set REDIS_URL to a newer server.`,
      ),
    ];
  const production = env.NODE_ENV === 'production';
  const caution = production ? fail : warn;
  const findings = [ok(`Redis ${version} at ${at}`)];
  const policy = infoField(info, 'maxmemory_policy');
  if (policy !== 'noeviction')
    findings.push(
      caution(
        `Redis at ${at} evicts keys under memory pressure (maxmemory-policy ${policy ?? 'unknown'}; REDIS_URL): queued jobs can vanish; set maxmemory-policy noeviction in redis.conf (or CONFIG SET maxmemory-policy noeviction)${production ? '' : '; required in production'}.`,
      ),
    );
  if (infoField(info, 'aof_enabled') !== '1')
    findings.push(
      caution(
        `Redis at ${at} runs without append-only persistence (REDIS_URL): a restart loses queued jobs; set appendonly yes in redis.conf (or CONFIG SET appendonly yes)${production ? '' : '; required in production'}.`,
      ),
    );
  return findings;
}

/** A ConfigError's problems (each names its variable) as failures; anything else as one. */
function configFindings(error: unknown, who: string): Finding[] {
  if (error instanceof ConfigError)
    return error.problems.map((p) => fail(`${p}; set it in the environment (read by ${who}).`));
  return [fail(`${who}: ${error instanceof Error ? error.message : String(error)}`)];
}

/** Every service's configuration as `npm start` will give it, and whether its port is free. */
export async function checkServices(env: Env): Promise<Finding[]> {
  const problems = new Map<string, ServiceName[]>();
  const ports: { service: ServiceName; port: number }[] = [];
  for (const service of SERVICES) {
    try {
      ports.push({ service, port: LOADERS[service](serviceEnvironment(service, env)).port });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems)
        problems.set(problem, [...(problems.get(problem) ?? []), service]);
    }
  }
  const findings = [...problems].map(([problem, services]) =>
    fail(`${problem}; set it in the environment (read by ${services.join(', ')}).`),
  );
  for (const { service, port } of ports) {
    if (port === 0 || (await portIsFree(port))) continue;
    const variable = servicePortVariable(service);
    findings.push(
      fail(
        `Port ${port} (${service}, ${variable}) is in use: stop what listens there (an earlier npm start?) or set ${variable} to a free port.`,
      ),
    );
  }
  if (!findings.length)
    findings.push(ok(`Configuration valid; ports ${ports.map((p) => p.port).join(', ')} free`));
  return findings;
}

/** Whether a service could listen on `port` on every interface, as the services do. */
const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });

export async function checkPrerequisites(options: PrerequisiteOptions): Promise<Finding[]> {
  const findings = [checkNode(options.nodeVersion ?? process.versions.node)];
  const checks = [checkPostgres(options.env)];
  if (options.for === 'start') checks.push(checkRedis(options.env), checkServices(options.env));
  for (const result of await Promise.all(checks)) findings.push(...result);
  return findings;
}

const MARK: Readonly<Record<Level, string>> = { ok: '✓', warn: '!', fail: '✗' };

/** Prints the findings, one a line; answers whether nothing failed. */
export function report(findings: readonly Finding[], write: (line: string) => void): boolean {
  for (const f of findings) write(`${MARK[f.level]} ${f.text}`);
  return findings.every((f) => f.level !== 'fail');
}
