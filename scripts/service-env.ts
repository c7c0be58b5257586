import { devDatabaseUrl, type ServiceName } from '@offera/config';
import { serviceUrlVariable } from './setup-runner.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that sets a service's port under `npm start` (PORT itself would be shared). */
export const servicePortVariable = (service: ServiceName): string => `${service.toUpperCase()}_PORT`;

/**
 * The environment `npm start` gives one service: the launcher's own, with the service's port
 * and its own database role. The launcher and `npm run doctor` both use it, so the doctor checks
 * exactly what the services will read.
 */
export function serviceEnvironment(
  service: ServiceName,
  base: Env,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base, ...extra, APP: service };
  // Each service connects as its own role; PORT defaults per service unless set for it.
  delete env.PORT;
  const port = base[servicePortVariable(service)];
  if (port) env.PORT = port;
  if (service !== 'gateway') env.DATABASE_URL = base[serviceUrlVariable(service)] || devDatabaseUrl(service);
  return env;
}
