import { randomBytes } from 'node:crypto';

import { devDatabaseUrl, type WorkerServiceName } from '@offera/config';
import { runSetup, withDatabase, withPgClient, type MigrationConstructor } from '@offera/database';

export interface TestDatabasePlanItem {
  service: WorkerServiceName;
  migrations: MigrationConstructor[];
}

export interface TestDatabase {
  /** `offera_t_<random>` */
  name: string;
  /** Superuser URL of the test database (for assertions and scans). */
  adminUrl: string;
  /** Each service role's URL into the test database. */
  serviceUrls: Record<WorkerServiceName, string>;
  drop(): Promise<void>;
}

/** Superuser URL of the test cluster; the database part is replaced per test. */
export const testAdminUrl = (): string =>
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh database set up exactly like production (roles, schemas, privileges, migrations
 * run as each role). Roles are cluster-wide, so they keep their development passwords.
 */
export async function createTestDatabase(
  plan: TestDatabasePlanItem[],
  /** Superuser URL of the cluster to use (a test's private one); the test cluster by default. */
  base: string = testAdminUrl(),
): Promise<TestDatabase> {
  const name = `offera_t_${randomBytes(6).toString('hex')}`;
  const serviceUrls = {} as Record<WorkerServiceName, string>;
  for (const item of plan) {
    const url = new URL(withDatabase(devDatabaseUrl(item.service), name));
    url.host = new URL(base).host; // the roles' URLs point at the same server as the superuser's
    serviceUrls[item.service] = url.toString();
  }
  const drop = () => dropDatabase(base, name);
  try {
    await runSetup({
      adminUrl: base,
      database: name,
      services: plan.map((p) => ({
        service: p.service,
        url: serviceUrls[p.service],
        migrations: p.migrations,
      })),
    });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { name, adminUrl: withDatabase(base, name), serviceUrls, drop };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
