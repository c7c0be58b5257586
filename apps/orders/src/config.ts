import {
  databaseEnv,
  dsrRecordEnv,
  env,
  configLoader,
  redisEnv,
  runtimeEnv,
  type ConfigOf,
} from '@offera/config';

export const ordersEnvSchema = {
  ...runtimeEnv('orders'),
  ...databaseEnv('orders'),
  ...redisEnv,
  ...dsrRecordEnv,
  workerConcurrency: env.int('WORKER_CONCURRENCY', {
    description: 'jobs one replica runs at once',
    default: '32',
    min: 1,
  }),
  seriesMaterialiseWeeks: env.int('SERIES_MATERIALISE_WEEKS', {
    description: 'how many weeks ahead recurring visits are created as orders',
    default: '8',
    min: 1,
    max: 52,
  }),
  offerTtlMinutes: env.int('OFFER_TTL_MINUTES', {
    description: 'how long providers have to accept an offer before it is re-offered',
    default: '30',
    min: 1,
  }),
  offerMaxRounds: env.int('OFFER_MAX_ROUNDS', {
    description: 'offer rounds before an unaccepted order is escalated to an operator',
    default: '3',
    min: 1,
  }),
  cancellationFreeHours: env.int('CANCELLATION_FREE_HOURS', {
    description: 'customers cancel free until this many hours before the visit',
    default: '24',
    min: 0,
  }),
  cancellationLateFeeBp: env.int('CANCELLATION_LATE_FEE_BP', {
    description: 'late cancellation fee in basis points of the order total (5000 = 50 %)',
    default: '5000',
    min: 0,
    max: 10000,
  }),
  providerReleaseHours: env.int('PROVIDER_RELEASE_HOURS', {
    description: 'providers may release an assigned job until this many hours before the visit',
    default: '24',
    min: 0,
  }),
  providerDetailsDays: env.int('PROVIDER_DETAILS_DAYS', {
    description:
      "days after completion the assigned provider still sees the job's street address, door code, notes and the customer's name",
    default: '14',
    min: 0,
  }),
  visitStartMarginMinutes: env.int('VISIT_START_MARGIN_MINUTES', {
    description: 'how many minutes before its slot a provider may start a visit',
    default: '60',
    min: 0,
  }),
  invoicePaymentDays: env.int('INVOICE_PAYMENT_DAYS', {
    description: 'payment term of an invoice in days (its due date is the invoice date plus this)',
    default: '14',
    min: 0,
    max: 90,
  }),
  scheduleJobs: env.bool('ORDERS_SCHEDULE_JOBS', {
    description: 'register the repeatable jobs (materialisation, offer expiry, invoice retention)',
    default: 'true',
  }),
};

export type OrdersConfig = ConfigOf<typeof ordersEnvSchema>;

export const loadOrdersConfig = configLoader(ordersEnvSchema);
