/**
 * The environment each deployable reads, for checking docker-compose.yml and k8s/ against the
 * code. Shared variables come from @offera/config; the app-specific lists below MUST match the
 * apps' own config schemas (apps/<app>/src/config.ts) — the lead replaces them with imports
 * from those files once they exist.
 */
import {
  databaseEnv,
  redisEnv,
  runtimeEnv,
  WORKER_SERVICES,
  type EnvSchema,
  type ServiceName,
  type WorkerServiceName,
} from '@offera/config';

export interface EnvVarSpec {
  readonly name: string;
  /** Must come from a Secret (k8s) and be marked dev-only where it has a literal (compose). */
  readonly secret: boolean;
}

const v = (name: string, secret = false): EnvVarSpec => ({ name, secret });

/** Variables only one app reads, on top of the shared ones. */
export const APP_SPECIFIC_ENV: Readonly<Record<ServiceName, readonly EnvVarSpec[]>> = {
  gateway: [
    v('JWT_SECRET', true),
    v('JWT_ACCESS_TTL_SECONDS'),
    v('JWT_REFRESH_TTL_SECONDS'),
    v('TRUST_PROXY'),
  ],
  customers: [v('IDENTITY_CODE_KEYS', true), v('IDENTITY_CODE_ACTIVE_KEY_ID'), v('BLIND_INDEX_KEY', true)],
  orders: [],
  notifications: [v('SMTP_URL', true), v('SMS_API_URL'), v('SMS_API_KEY', true), v('MAIL_FROM')],
  privacy: [
    v('CONTROLLER_NAME'),
    v('CONTROLLER_BUSINESS_ID'),
    v('CONTROLLER_EMAIL'),
    v('CONTROLLER_ADDRESS'),
    v('PSEUDONYM_KEY', true),
  ],
};

/** What `node dist/scripts/setup.js` reads: the admin URL and each service role's URL. */
export const SETUP_ENV: readonly EnvVarSpec[] = [
  v('DATABASE_ADMIN_URL', true),
  v('CUSTOMERS_DATABASE_URL', true),
  v('ORDERS_DATABASE_URL', true),
  v('NOTIFICATIONS_DATABASE_URL', true),
  v('PRIVACY_DATABASE_URL', true),
];

/** Read by dist/scripts/start-service.js to choose the app, not by the app's config. */
export const LAUNCHER_ENV: readonly EnvVarSpec[] = [v('APP')];

/** Not flagged secret in the schema (it has a dev default) but carries the role's password. */
const ALWAYS_SECRET: ReadonlySet<string> = new Set(['DATABASE_URL']);

export const isWorker = (app: ServiceName): app is WorkerServiceName =>
  (WORKER_SERVICES as readonly string[]).includes(app);

const fromSchema = (schema: EnvSchema): EnvVarSpec[] =>
  Object.values(schema).map((spec) => v(spec.name, spec.secret === true || ALWAYS_SECRET.has(spec.name)));

/** Every variable an app container may set, by name, including the launcher's APP. */
export function appEnv(app: ServiceName): ReadonlyMap<string, EnvVarSpec> {
  const all = [
    ...LAUNCHER_ENV,
    ...fromSchema(runtimeEnv(app)),
    ...fromSchema(redisEnv),
    ...(isWorker(app) ? fromSchema(databaseEnv(app)) : []),
    ...APP_SPECIFIC_ENV[app],
  ];
  return new Map(all.map((spec) => [spec.name, spec]));
}

export function setupEnv(): ReadonlyMap<string, EnvVarSpec> {
  return new Map(SETUP_ENV.map((spec) => [spec.name, spec]));
}
