import {
  ConfigError,
  configLoader,
  controllerEnv,
  env,
  type EnvVar,
  internalPortEnv,
  redisEnv,
  runtimeEnv,
  type ConfigOf,
} from '@offera/config';
import {
  JWT_ALGORITHMS,
  jwtConfigProblems,
  KEY_ID,
  MIN_SECRET_LENGTH,
  parsePreviousJwtKeys,
  type PreviousJwtKeys,
} from './auth/jwt-keys.js';

const jwtKeyId: EnvVar<string> = {
  name: 'JWT_KEY_ID',
  description: 'id of the JWT_SECRET key, put in the kid header of every token it signs',
  default: 'dev1',
  parse: (raw) => {
    if (!KEY_ID.test(raw)) throw new Error('must be 1 to 64 letters, digits, . _ -');
    return raw;
  },
};

/**
 * Not flagged secret, since it is optional (none in production is fine), but its value is: its
 * problems are reported by `jwtConfigProblems` without echoing it, so parsing never throws.
 */
const jwtPreviousKeys: EnvVar<PreviousJwtKeys> = {
  name: 'JWT_PREVIOUS_KEYS',
  description:
    'keys that verify tokens but no longer sign (after a rotation), `id:secret,id2:secret`; keep it in a Secret',
  default: '',
  parse: parsePreviousJwtKeys,
};

export const gatewayEnvSchema = {
  ...runtimeEnv('gateway'),
  ...internalPortEnv,
  ...redisEnv,
  // The seller on invoice PDFs.
  ...controllerEnv,
  jwtSecret: env.string('JWT_SECRET', {
    description: `HMAC secret signing access tokens, the current key (at least ${MIN_SECRET_LENGTH} characters)`,
    default: 'development-only-jwt-secret-change-me-0000',
    secret: true,
    minLength: MIN_SECRET_LENGTH,
  }),
  jwtKeyId,
  jwtPreviousKeys,
  jwtAlgorithm: env.oneOf('JWT_ALGORITHM', JWT_ALGORITHMS, {
    description: 'the one algorithm tokens are signed with and accepted in',
    default: 'HS256',
  }),
  jwtAccessTtlSeconds: env.int('JWT_ACCESS_TTL_SECONDS', {
    description: 'lifetime of an access token',
    default: '900',
    min: 30,
    max: 3600,
  }),
  jwtMaxLifetimeSeconds: env.int('JWT_MAX_LIFETIME_SECONDS', {
    description: 'longest lifetime (exp - iat) of a token that is accepted; at least JWT_ACCESS_TTL_SECONDS',
    default: '3600',
    min: 60,
    max: 86400,
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
  publicQuoteRateLimitPerMinute: env.int('PUBLIC_QUOTE_RATE_LIMIT_PER_MINUTE', {
    description: 'anonymous price quotes (POST /catalog/quote) per minute per IP',
    default: '30',
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

const loadSchema = configLoader(gatewayEnvSchema);

/** The gateway's configuration: each variable by its schema, then the JWT variables together. */
export function loadGatewayConfig(
  source: Readonly<Record<string, string | undefined>> = process.env,
): GatewayConfig {
  const config = loadSchema(source);
  const problems = jwtConfigProblems(config);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
