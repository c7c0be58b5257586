import { ConfigError, devDatabaseUrl } from '@offera/config';
import { withDatabase, withPgClient } from '@offera/database';

import { setupFromEnv } from '../../../scripts/setup-runner.js';
import { testAdminUrl } from './test-database.js';

describe('setupFromEnv', () => {
  it('names every bad variable at once and never echoes a URL with a password', async () => {
    const error = await setupFromEnv([{ service: 'orders', migrations: [] }], {
      DATABASE_ADMIN_URL: 'mysql://root:pw@x/db',
      ORDERS_DATABASE_URL: 'nope:secretpassword',
      DATABASE_SSL: 'sometimes',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_ADMIN_URL', 'ORDERS_DATABASE_URL', 'DATABASE_SSL'])
      expect(problems).toContain(name);
    expect(problems).not.toContain('secretpassword');
  });

  it('sets up the database named by DATABASE_ADMIN_URL', async () => {
    const name = `offera_t_${Math.random().toString(16).slice(2, 14)}`;
    const lines: string[] = [];
    try {
      const result = await setupFromEnv(
        [{ service: 'orders', migrations: [] }],
        {
          DATABASE_ADMIN_URL: withDatabase(testAdminUrl(), name),
          ORDERS_DATABASE_URL: withDatabase(devDatabaseUrl('orders'), name),
        },
        (m) => lines.push(m),
      );
      expect(result).toEqual({ createdDatabase: true, migrations: { orders: [] } });
      expect(lines[0]).toBe(`created database ${name}`);
      await withPgClient(withDatabase(devDatabaseUrl('orders'), name), async (client) => {
        const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
        expect(rows).toEqual([{ schema: 'orders' }]);
      });
    } finally {
      await withPgClient(testAdminUrl(), (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    }
  });
});
