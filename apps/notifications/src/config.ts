import { databaseEnv, env, loadConfig, redisEnv, runtimeEnv, type ConfigOf } from '@offera/config';

export const notificationsEnvSchema = {
  ...runtimeEnv('notifications'),
  ...databaseEnv('notifications'),
  ...redisEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
};

export type NotificationsConfig = ConfigOf<typeof notificationsEnvSchema>;

export const loadNotificationsConfig = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): NotificationsConfig => loadConfig(notificationsEnvSchema, source);
