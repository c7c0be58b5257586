import { env, configLoader, redisEnv, runtimeEnv, type ConfigOf } from '@offera/config';

export const gatewayEnvSchema = {
  ...runtimeEnv('gateway'),
  ...redisEnv,
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
  trustProxy: env.bool('TRUST_PROXY', {
    description: 'take the client IP from X-Forwarded-For (behind the ingress)',
    default: 'false',
  }),
};

export type GatewayConfig = ConfigOf<typeof gatewayEnvSchema>;

export const loadGatewayConfig = configLoader(gatewayEnvSchema);
