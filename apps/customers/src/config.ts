import { databaseEnv, env, loadConfig, redisEnv, runtimeEnv, type ConfigOf } from '@offera/config';

export const customersEnvSchema = {
  ...runtimeEnv('customers'),
  ...databaseEnv('customers'),
  ...redisEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
  refreshTokenTtlSeconds: env.int('REFRESH_TOKEN_TTL_SECONDS', {
    description: 'lifetime of a refresh token',
    default: String(30 * 24 * 3600),
    min: 60,
  }),
};

export type CustomersConfig = ConfigOf<typeof customersEnvSchema>;

export const loadCustomersConfig = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): CustomersConfig => loadConfig(customersEnvSchema, source);
