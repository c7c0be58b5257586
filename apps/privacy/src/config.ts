import { databaseEnv, env, loadConfig, redisEnv, runtimeEnv, type ConfigOf } from '@offera/config';

/** Local development only; production refuses to start without a real key. */
const DEV_PSEUDONYM_KEY = Buffer.alloc(32, 9).toString('base64');

export const privacyEnvSchema = {
  ...runtimeEnv('privacy'),
  ...databaseEnv('privacy'),
  ...redisEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
  pseudonymKey: env.key('PSEUDONYM_KEY', 32, {
    description: 'HMAC key that turns subject ids into the pseudonyms kept on request records',
    default: DEV_PSEUDONYM_KEY,
  }),
  requestRecordRetentionYears: env.int('REQUEST_RECORD_RETENTION_YEARS', {
    description: 'years a completed request record is kept, pseudonymised, as proof it was handled',
    default: '3',
    min: 1,
    max: 10,
  }),
};

export type PrivacyConfig = ConfigOf<typeof privacyEnvSchema>;

export const loadPrivacyConfig = (
  source: Readonly<Record<string, string | undefined>> = process.env,
): PrivacyConfig => loadConfig(privacyEnvSchema, source);
