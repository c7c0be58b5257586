import { env, type EnvSchema, type EnvVar } from './env.js';

export const SERVICES = ['gateway', 'customers', 'orders', 'notifications', 'privacy'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type WorkerServiceName = Exclude<ServiceName, 'gateway'>;
export const WORKER_SERVICES: readonly WorkerServiceName[] = [
  'customers',
  'orders',
  'notifications',
  'privacy',
];

/** HTTP port per service: the gateway's API, the workers' health and metrics listener. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  gateway: 3000,
  customers: 3001,
  orders: 3002,
  notifications: 3003,
  privacy: 3004,
};

/**
 * The gateway's internal port: health probes and /metrics, reachable inside the cluster only.
 * Its API port is public (behind the ingress) and serves neither. The workers have no public
 * port: their PORT is their internal one.
 */
export const GATEWAY_INTERNAL_PORT = 3010;

/** Where each app serves health probes and /metrics: the gateway's internal port, a worker's own. */
export const INTERNAL_PORTS: Readonly<Record<ServiceName, number>> = {
  ...DEFAULT_PORTS,
  gateway: GATEWAY_INTERNAL_PORT,
};

export const internalPortEnv = {
  internalPort: env.int('INTERNAL_PORT', {
    description: 'HTTP port for health probes and metrics, kept off the public API port',
    default: String(GATEWAY_INTERNAL_PORT),
    min: 0,
    max: 65535,
  }),
} satisfies EnvSchema;

/** Local development only; production refuses to start without real keys. */
const DEV_MESSAGE_KEY = Buffer.alloc(32, 7).toString('base64');

/** Local role URL of a service, matching what `npm run setup` creates. */
export const devDatabaseUrl = (service: WorkerServiceName): string =>
  `postgres://offera_${service}:offera_${service}_dev@127.0.0.1:5432/offera`;

/** A PEM certificate bundle given inline (from a Secret or ConfigMap key); empty means none. */
export const pemEnv = (name: string, description: string): EnvVar<string> => ({
  name,
  description,
  default: '',
  parse: (raw) => {
    if (raw !== '' && !raw.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error('must be PEM certificates (-----BEGIN CERTIFICATE-----)');
    return raw;
  },
});

export const redisEnv = {
  redisUrl: env.url('REDIS_URL', ['redis', 'rediss'], {
    description:
      "Redis for queues, with the app's ACL user and password (redis://user:password@host:6379); rediss:// for TLS",
    default: 'redis://127.0.0.1:6379',
    secret: true,
  }),
  redisTlsRejectUnauthorized: env.bool('REDIS_TLS_REJECT_UNAUTHORIZED', {
    description: 'verify the Redis server certificate when using rediss://',
    default: 'true',
  }),
  redisTlsCa: pemEnv(
    'REDIS_TLS_CA',
    'PEM CA bundle the Redis server certificate is verified against (rediss://); empty for the system CAs',
  ),
  queuePrefix: env.string('QUEUE_PREFIX', {
    description: 'key prefix of every queue in Redis',
    default: 'offera',
    minLength: 1,
  }),
  messageEncryptionKey: env.key('MESSAGE_ENCRYPTION_KEY', 32, {
    description: 'AES-256-GCM key for message payloads and results at rest in Redis',
    default: DEV_MESSAGE_KEY,
  }),
  requestTimeoutMs: env.int('REQUEST_TIMEOUT_MS', {
    description: 'how long a request waits for its reply',
    default: '10000',
    min: 100,
  }),
  transportChaos: env.string('TRANSPORT_CHAOS', {
    description:
      'development and tests only: lose-first-answer[:rate] drops the first answer of (a seeded share of) messages after the commit',
    default: 'off',
  }),
  transportChaosSeed: env.string('TRANSPORT_CHAOS_SEED', {
    description: 'seed choosing which messages TRANSPORT_CHAOS picks at a rate below 1',
    default: 'offera',
  }),
  transportChaosReport: env.string('TRANSPORT_CHAOS_REPORT', {
    description: 'with TRANSPORT_CHAOS: a file to append the names of the messages delivered again to',
    default: 'none',
  }),
  redisRecoveryCheckMs: env.int('REDIS_RECOVERY_CHECK_MS', {
    description:
      'how often a worker checks that Redis still has its data; after a loss it registers its schedules and re-drives work in flight again',
    default: '5000',
    min: 100,
  }),
} satisfies EnvSchema;

export const runtimeEnv = (service: ServiceName) =>
  ({
    nodeEnv: env.oneOf('NODE_ENV', ['development', 'test', 'production'], {
      description: 'runtime mode',
      default: 'development',
    }),
    logLevel: env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      description: 'minimum log level',
      default: 'info',
    }),
    port: env.int('PORT', {
      description: service === 'gateway' ? 'HTTP port of the API' : 'HTTP port for health and metrics',
      default: String(DEFAULT_PORTS[service]),
      min: 0,
      max: 65535,
    }),
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_MS', {
      description: 'how long in-flight work may take to finish on SIGTERM',
      default: '25000',
      min: 0,
    }),
  }) satisfies EnvSchema;

/** TLS to Postgres, the same for every connection: the apps, the setup Job and the scripts. */
export const databaseTlsEnv = {
  databaseSsl: env.oneOf('DATABASE_SSL', ['disable', 'require', 'verify-full'], {
    description: 'TLS to Postgres: disable, require (encrypt), verify-full (encrypt and verify)',
    default: 'disable',
  }),
  databaseSslCa: pemEnv(
    'DATABASE_SSL_CA',
    'PEM CA bundle the Postgres server certificate is verified against (verify-full); empty for the system CAs',
  ),
} satisfies EnvSchema;

export const databaseEnv = (service: WorkerServiceName) =>
  ({
    databaseUrl: env.url('DATABASE_URL', ['postgres', 'postgresql'], {
      description: `Postgres URL of the ${service} service's own role, with its password`,
      default: devDatabaseUrl(service),
      secret: true,
    }),
    ...databaseTlsEnv,
    databasePoolSize: env.int('DATABASE_POOL_SIZE', {
      description: 'connections per replica',
      default: '10',
      min: 1,
    }),
  }) satisfies EnvSchema;

/**
 * How long the record of a data-subject request is kept (pseudonymised) as proof it was handled;
 * every service keeps its erasure receipts as long (see deleteExpiredErasureReceipts).
 */
export const dsrRecordEnv = {
  requestRecordRetentionYears: env.int('REQUEST_RECORD_RETENTION_YEARS', {
    description:
      'years a completed request record is kept, pseudonymised, as proof it was handled; erasure receipts are kept as long',
    default: '3',
    min: 1,
    max: 10,
  }),
} satisfies EnvSchema;

/** Injection token of an app's validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * The controller (rekisterinpitäjä) of the customer register, named in the privacy notice and in
 * every message: configuration, not code. Defaults are the seed notice's.
 */
export const controllerEnv = {
  controllerName: env.string('CONTROLLER_NAME', {
    description: 'the controller (rekisterinpitäjä) named in the privacy notice and every message',
    default: 'Offera Oy',
    minLength: 1,
  }),
  controllerBusinessId: env.string('CONTROLLER_BUSINESS_ID', {
    description: "the controller's business id (Y-tunnus)",
    default: '3230846-4',
    minLength: 1,
  }),
  controllerAddress: env.string('CONTROLLER_ADDRESS', {
    description: "the controller's postal address",
    default: 'Vuorenpeikontie 5 A 1134',
    minLength: 1,
  }),
  controllerEmail: env.string('CONTROLLER_EMAIL', {
    description: "the controller's contact email for privacy matters",
    default: 'info@offera.fi',
    minLength: 3,
  }),
} satisfies EnvSchema;
