/**
 * The environment each deployable reads, taken from the apps' own config schemas, for checking
 * docker-compose.yml and k8s/ against the code.
 */
import { WORKER_SERVICES, type EnvSchema, type ServiceName, type WorkerServiceName } from '@offera/config';
import { customersEnvSchema } from '../../apps/customers/src/config.js';
import { gatewayEnvSchema } from '../../apps/gateway/src/config.js';
import { notificationsEnvSchema } from '../../apps/notifications/src/config.js';
import { ordersEnvSchema } from '../../apps/orders/src/config.js';
import { privacyEnvSchema } from '../../apps/privacy/src/config.js';

export interface EnvVarSpec {
  readonly name: string;
  /** Must come from a Secret (k8s) and be marked dev-only where it has a literal (compose). */
  readonly secret: boolean;
}

const v = (name: string, secret = false): EnvVarSpec => ({ name, secret });

/** Each app's whole config schema, from its own config.ts: the manifests must set only these. */
export const APP_SCHEMAS: Readonly<Record<ServiceName, EnvSchema>> = {
  gateway: gatewayEnvSchema,
  customers: customersEnvSchema,
  orders: ordersEnvSchema,
  notifications: notificationsEnvSchema,
  privacy: privacyEnvSchema,
};

/** What `node dist/scripts/setup.js` reads: the admin URL, each service role's URL, TLS and patience. */
export const SETUP_ENV: readonly EnvVarSpec[] = [
  v('DATABASE_SSL'),
  v('DATABASE_SSL_CA'),
  v('DATABASE_WAIT_SECONDS'),
  v('DATABASE_ADMIN_URL', true),
  v('CUSTOMERS_DATABASE_URL', true),
  v('ORDERS_DATABASE_URL', true),
  v('NOTIFICATIONS_DATABASE_URL', true),
  v('PRIVACY_DATABASE_URL', true),
];

/** Read by dist/scripts/start-service.js to choose the app, not by the app's config. */
export const LAUNCHER_ENV: readonly EnvVarSpec[] = [v('APP')];

export const isWorker = (app: ServiceName): app is WorkerServiceName =>
  (WORKER_SERVICES as readonly string[]).includes(app);

const fromSchema = (schema: EnvSchema): EnvVarSpec[] =>
  Object.values(schema).map((spec) => v(spec.name, spec.secret === true));

/** Every variable an app container may set, by name, including the launcher's APP. */
export function appEnv(app: ServiceName): ReadonlyMap<string, EnvVarSpec> {
  const all = [...LAUNCHER_ENV, ...fromSchema(APP_SCHEMAS[app])];
  return new Map(all.map((spec) => [spec.name, spec]));
}

export function setupEnv(): ReadonlyMap<string, EnvVarSpec> {
  return new Map(SETUP_ENV.map((spec) => [spec.name, spec]));
}
