import {
  controllerEnv,
  databaseEnv,
  env,
  configLoader,
  redisEnv,
  dsrRecordEnv,
  runtimeEnv,
  type ConfigOf,
} from '@offera/config';

/** Local development only; production refuses to start without a real key. */
const DEV_SUPPRESSION_KEY = Buffer.alloc(32, 23).toString('base64');

export const notificationsEnvSchema = {
  ...runtimeEnv('notifications'),
  ...databaseEnv('notifications'),
  ...redisEnv,
  ...dsrRecordEnv,
  ...controllerEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
  smtpUrl: env.url('SMTP_URL', ['smtp', 'smtps'], {
    description: 'mail server host and port: smtp:// (STARTTLS) or smtps:// (TLS from the start)',
    default: 'smtp://127.0.0.1:1025',
  }),
  smtpUser: env.string('SMTP_USER', { description: 'SMTP user name; empty for none', default: '' }),
  smtpPassword: env.string('SMTP_PASSWORD', {
    description: 'SMTP password; empty for none (development only: production requires one)',
    default: '',
    secret: true,
    minEntropyBits: 64,
  }),
  smtpRequireTls: env.bool('SMTP_REQUIRE_TLS', {
    description: 'refuse to send unless the smtp:// server upgrades to TLS (STARTTLS)',
    default: 'false',
  }),
  smtpTlsRejectUnauthorized: env.bool('SMTP_TLS_REJECT_UNAUTHORIZED', {
    description: 'verify the mail server certificate',
    default: 'true',
  }),
  smtpMaxConnections: env.int('SMTP_MAX_CONNECTIONS', {
    description: 'pooled SMTP connections per replica',
    default: '5',
    min: 1,
    max: 100,
  }),
  mailFrom: env.string('MAIL_FROM', {
    description: 'sender of every email',
    default: 'Offera Oy <no-reply@offera.fi>',
    minLength: 3,
  }),
  smsApiUrl: env.url('SMS_API_URL', ['http', 'https'], {
    description: 'SMS provider endpoint: POST JSON {to, from, text} with a bearer key and an Idempotency-Key',
    default: 'http://127.0.0.1:9099/messages',
  }),
  smsApiKey: env.string('SMS_API_KEY', {
    description: 'bearer key of the SMS provider',
    default: 'dev-sms-key',
    secret: true,
    minEntropyBits: 64, // issued by the provider, so its length is theirs to choose
  }),
  smsSender: env.string('SMS_SENDER', {
    description: 'sender name shown on SMS messages',
    default: 'Offera',
    minLength: 1,
  }),
  webBaseUrl: env.url('WEB_BASE_URL', ['http', 'https'], {
    description: 'the customer site, for links in messages (rating, export download, offers)',
    default: 'http://127.0.0.1:3000',
  }),
  unsubscribeBaseUrl: env.url('UNSUBSCRIBE_BASE_URL', ['http', 'https'], {
    description: 'unsubscribe page linked from every marketing message (a signed token is appended)',
    default: 'http://127.0.0.1:3000/unsubscribe',
  }),
  suppressionHashKey: env.key('SUPPRESSION_HASH_KEY', 32, {
    description: 'HMAC key of the marketing suppression list (base64 of 32 bytes); never rotate casually',
    default: DEV_SUPPRESSION_KEY,
  }),
  reminderLeadMinutes: env.int('REMINDER_LEAD_MINUTES', {
    description: 'how long before a visit its reminder is sent',
    default: '1440',
    min: 1,
  }),
  messageRetentionDays: env.int('MESSAGE_RETENTION_DAYS', {
    description: 'how long the record of a sent message (and its attempts) is kept',
    default: '730',
    min: 1,
  }),
  deliveryAttempts: env.int('DELIVERY_ATTEMPTS', {
    description: 'delivery attempts of a message before it is marked failed',
    default: '8',
    min: 1,
    max: 50,
  }),
  deliveryBackoffMs: env.int('DELIVERY_BACKOFF_MS', {
    description: 'first retry delay of a failed delivery; doubles each attempt',
    default: '5000',
    min: 10,
  }),
};

export type NotificationsConfig = ConfigOf<typeof notificationsEnvSchema>;

export const loadNotificationsConfig = configLoader(notificationsEnvSchema);
