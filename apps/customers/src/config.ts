import {
  databaseEnv,
  env,
  type EnvVar,
  configLoader,
  redisEnv,
  dsrRecordEnv,
  runtimeEnv,
  type ConfigOf,
  keyWeakness,
} from '@offera/config';
import { parseIdentityCodeKeys } from './identity/identity-code-cipher.js';

/** Local development only; production refuses to start without real keys. */
const DEV_IDENTITY_CODE_KEYS = `dev1:${Buffer.alloc(32, 11).toString('base64')}`;
const DEV_BLIND_INDEX_KEY = Buffer.alloc(32, 13).toString('base64');

const identityCodeKeys: EnvVar<Map<string, Buffer>> = {
  name: 'IDENTITY_CODE_KEYS',
  description:
    'AES-256-GCM keys for identity codes at rest, `id:base64,id2:base64` (old ones kept for rotation)',
  default: DEV_IDENTITY_CODE_KEYS,
  secret: true,
  parse: parseIdentityCodeKeys,
  weakness: (raw) => {
    for (const [id, key] of parseIdentityCodeKeys(raw)) {
      const weakness = keyWeakness(key);
      if (weakness) return `key "${id}": ${weakness}`;
    }
    return undefined;
  },
};

export const customersEnvSchema = {
  ...runtimeEnv('customers'),
  ...databaseEnv('customers'),
  ...redisEnv,
  ...dsrRecordEnv,
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
  identityCodeKeys,
  identityCodeActiveKeyId: env.string('IDENTITY_CODE_ACTIVE_KEY_ID', {
    description: 'id (in IDENTITY_CODE_KEYS) of the key new identity codes are encrypted with',
    default: 'dev1',
    minLength: 1,
  }),
  blindIndexKey: env.key('BLIND_INDEX_KEY', 32, {
    description:
      'HMAC key of the identity code blind index, of hashed IPs in login throttling and of session marks',
    default: DEV_BLIND_INDEX_KEY,
  }),
  allowTemporaryIdentityCodes: env.bool('ALLOW_TEMPORARY_IDENTITY_CODES', {
    description: 'accept temporary identity codes (individual number 900-999)',
    default: 'false',
  }),
  ipRetentionDays: env.int('IP_RETENTION_DAYS', {
    description: 'days an IP address seen at registration, sign-in or ordering is kept',
    default: '90',
    min: 1,
  }),
  loginMaxFailuresPerAccount: env.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', {
    description: 'failed sign-ins to one account within the window before it is locked for the window',
    default: '5',
    min: 1,
  }),
  loginMaxFailuresPerIp: env.int('LOGIN_MAX_FAILURES_PER_IP', {
    description: 'failed sign-ins from one IP within the window before it is locked for the window',
    default: '20',
    min: 1,
  }),
  loginThrottleWindowSeconds: env.int('LOGIN_THROTTLE_WINDOW_SECONDS', {
    description: 'window in which failed sign-ins are counted, and how long a lock lasts',
    default: '900',
    min: 1,
  }),
};

export type CustomersConfig = ConfigOf<typeof customersEnvSchema>;

export const loadCustomersConfig = configLoader(customersEnvSchema);
