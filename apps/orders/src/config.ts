import { databaseEnv, env, loadConfig, redisEnv, runtimeEnv, type ConfigOf } from '@offera/config';

export const ordersEnvSchema = {
  ...runtimeEnv('orders'),
  ...databaseEnv('orders'),
  ...redisEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
};

export type OrdersConfig = ConfigOf<typeof ordersEnvSchema>;

export const loadOrdersConfig = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): OrdersConfig => loadConfig(ordersEnvSchema, source);
