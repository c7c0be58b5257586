import {
  controllerEnv,
  dsrRecordEnv,
  databaseEnv,
  env,
  configLoader,
  redisEnv,
  runtimeEnv,
  type ConfigOf,
} from '@offera/config';

/** Local development only; production refuses to start without a real key. */
const DEV_PSEUDONYM_KEY = Buffer.alloc(32, 9).toString('base64');
const DEV_EXPORT_KEY = Buffer.alloc(32, 10).toString('base64');

export const privacyEnvSchema = {
  ...runtimeEnv('privacy'),
  ...databaseEnv('privacy'),
  ...redisEnv,
  ...controllerEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
  pseudonymKey: env.key('PSEUDONYM_KEY', 32, {
    description: 'HMAC key that turns subject ids into the pseudonyms kept on request records',
    default: DEV_PSEUDONYM_KEY,
  }),
  ...dsrRecordEnv,
  exportEncryptionKey: env.key('EXPORT_ENCRYPTION_KEY', 32, {
    description: 'AES-256-GCM key of the access/portability exports stored for download',
    default: DEV_EXPORT_KEY,
  }),
  exportTtlDays: env.int('EXPORT_TTL_DAYS', {
    description: 'days an export can be downloaded before it is deleted',
    default: '7',
    min: 1,
    max: 30,
  }),
  oneTimeLinkTtlHours: env.int('ONE_TIME_LINK_TTL_HOURS', {
    description:
      'hours a one-time link (to an erasure’s receipts, or an export for a requester without an account) can be opened',
    default: '168',
    min: 1,
    max: 720,
  }),
  excessiveRequestsCount: env.int('EXCESSIVE_REQUESTS_COUNT', {
    description:
      'earlier requests of a subject within EXCESSIVE_REQUESTS_DAYS that flag a new one as possibly excessive',
    default: '3',
    min: 1,
  }),
  excessiveRequestsDays: env.int('EXCESSIVE_REQUESTS_DAYS', {
    description: 'the period counted for EXCESSIVE_REQUESTS_COUNT',
    default: '90',
    min: 1,
  }),
  duplicateRequestWindowMinutes: env.int('DUPLICATE_REQUEST_WINDOW_MINUTES', {
    description:
      "a subject's identical request within this many minutes of the first (a client's retry) returns the first one",
    default: '5',
    min: 0,
  }),
  dueSoonDays: env.int('REQUEST_DUE_SOON_DAYS', {
    description: 'open requests due within this many days are listed as nearing due',
    default: '7',
    min: 1,
  }),
  watchdogStuckMinutes: env.int('WATCHDOG_STUCK_MINUTES', {
    description: 'a request in progress this long without finishing is re-driven by the watchdog',
    default: '30',
    min: 1,
  }),
  watchdogIntervalSeconds: env.int('WATCHDOG_INTERVAL_SECONDS', {
    description: 'how often the watchdog runs',
    default: '300',
    min: 10,
  }),
  watchdogMaxRedrives: env.int('WATCHDOG_MAX_REDRIVES', {
    description: 're-drives after which a stuck request is marked failed for the DPO to retry',
    default: '10',
    min: 1,
  }),
  retentionIntervalSeconds: env.int('RETENTION_INTERVAL_SECONDS', {
    description: 'how often the retention job deletes expired exports and old request records',
    default: '3600',
    min: 10,
  }),
  consentIpRetentionDays: env.int('CONSENT_IP_RETENTION_DAYS', {
    description: 'days the IP address of a cookie consent is kept as proof before it is cleared',
    default: '90',
    min: 1,
  }),
  flowChildAttempts: env.int('FLOW_CHILD_ATTEMPTS', {
    description: "attempts of each service's step of a request before it waits for the watchdog",
    default: '8',
    min: 1,
  }),
  flowBackoffMs: env.int('FLOW_BACKOFF_MS', {
    description: 'first retry delay of a request step; doubles each attempt',
    default: '500',
    min: 10,
  }),
  controllerPhone: env.string('CONTROLLER_PHONE', {
    description: "the controller's phone number",
    default: '0413145022',
    minLength: 1,
  }),
  privacyContactName: env.string('PRIVACY_CONTACT_NAME', {
    description: 'the person handling register matters, named in the notice',
    default: 'Riitta Hannele Assaf',
    minLength: 1,
  }),
  privacyContactEmail: env.string('PRIVACY_CONTACT_EMAIL', {
    description: 'where data-subject requests are sent',
    default: 'riitta@offera.fi',
    minLength: 3,
  }),
};

export type PrivacyConfig = ConfigOf<typeof privacyEnvSchema>;

export const loadPrivacyConfig = configLoader(privacyEnvSchema);
