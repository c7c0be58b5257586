import {
  configLoader,
  controllerEnv,
  env,
  internalPortEnv,
  redisEnv,
  runtimeEnv,
  type ConfigOf,
} from '@offera/config';

export const gatewayEnvSchema = {
  ...runtimeEnv('gateway'),
  ...internalPortEnv,
  ...redisEnv,
  // The seller on invoice PDFs.
  ...controllerEnv,
  jwtSecret: env.string('JWT_SECRET', {
    description: 'HMAC secret signing access tokens (at least 32 characters)',
    default: 'development-only-jwt-secret-change-me-0000',
    secret: true,
    minLength: 32,
  }),
  jwtAccessTtlSeconds: env.int('JWT_ACCESS_TTL_SECONDS', {
    description: 'lifetime of an access token',
    default: '900',
    min: 30,
    max: 3600,
  }),
  rateLimitPerMinute: env.int('RATE_LIMIT_PER_MINUTE', {
    description: 'requests per minute per caller (account, or IP when anonymous)',
    default: '600',
    min: 1,
  }),
  authRateLimitPerMinute: env.int('AUTH_RATE_LIMIT_PER_MINUTE', {
    description: 'register/login/refresh attempts per minute per IP',
    default: '20',
    min: 1,
  }),
  profileCacheTtlMs: env.int('PROFILE_CACHE_TTL_MS', {
    description: 'how long GET /me may be answered from memory (dropped on every change); 0 turns it off',
    default: '30000',
    min: 0,
    max: 300000,
  }),
  profileCacheMaxEntries: env.int('PROFILE_CACHE_MAX_ENTRIES', {
    description: 'profiles kept in memory at most (the oldest go first)',
    default: '10000',
    min: 1,
  }),
  idempotencyTtlSeconds: env.int('IDEMPOTENCY_TTL_SECONDS', {
    description: 'how long an Idempotency-Key is remembered (retries within it are answered, not repeated)',
    default: '86400',
    min: 60,
    max: 604800,
  }),
  trustProxy: env.bool('TRUST_PROXY', {
    description: 'take the client IP from X-Forwarded-For (behind the ingress)',
    default: 'false',
  }),
};

export type GatewayConfig = ConfigOf<typeof gatewayEnvSchema>;

export const loadGatewayConfig = configLoader(gatewayEnvSchema);
