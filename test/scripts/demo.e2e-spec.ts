import path from 'node:path';
import { DEMO_DOMAIN, DEMO_PASSWORD, ORDERS, PRIVACY_REQUESTS } from '../../scripts/demo/demo-data.js';
import { TestSystem } from '../support/system.js';
import { buildScripts, closedPort, runScript } from './build.js';

/** `npm run demo` against the whole system (its own database and queue prefix), twice. */
describe('npm run demo', () => {
  let build: { dir: string; remove(): void };
  let system: TestSystem;
  let demo: string;

  beforeAll(async () => {
    build = await buildScripts();
    demo = path.join(build.dir, 'scripts/demo.js');
    system = await TestSystem.start({ env: { ORDERS_SCHEDULE_JOBS: 'false' } });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    build?.remove();
  });

  const env = (extra: Record<string, string> = {}) => ({
    DEMO_API_URL: system.url,
    CUSTOMERS_DATABASE_URL: system.db.serviceUrls.customers,
    ...extra,
  });

  /** What the demo made, counted behind the API. */
  async function counts() {
    const accounts = await system.sql<{ role: string; n: string }>(
      `SELECT role, count(*) AS n FROM customers.accounts WHERE email LIKE $1 GROUP BY role ORDER BY role`,
      [`%@${DEMO_DOMAIN}`],
    );
    const orders = await system.sql<{ marker: string; status: string }>(
      `SELECT split_part(extra_info, ':', 1) AS marker, status FROM orders.orders
        WHERE extra_info LIKE 'Demo %:%' AND series_id IS NULL ORDER BY 1`,
    );
    const [series] = await system.sql<{ n: string }>('SELECT count(*) AS n FROM orders.order_series');
    const [invoices] = await system.sql<{ n: string }>('SELECT count(*) AS n FROM orders.invoices');
    const requests = await system.sql<{ type: string }>('SELECT type FROM privacy.requests ORDER BY type');
    const [codes] = await system.sql<{ n: string }>(
      `SELECT count(*) AS n FROM orders.discount_codes WHERE code = 'DEMO10'`,
    );
    return {
      accounts: Object.fromEntries(accounts.map((a) => [a.role, Number(a.n)])),
      orders,
      series: Number(series.n),
      invoices: Number(invoices.n),
      requests: requests.map((r) => r.type),
      discountCodes: Number(codes.n),
    };
  }

  it('loads the data set through the API, prints the accounts, and a second run leaves one copy', async () => {
    const first = await runScript(demo, [], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const email of ['admin', 'operaattori', 'tietosuoja', 'kirjanpito', 'aino.asiakas', 'eero.asiakas'])
      expect(first.stdout).toContain(`${email}@${DEMO_DOMAIN}`);
    expect(first.stdout).toContain(`the password of each is ${DEMO_PASSWORD}`);
    expect(first.stdout).toContain(`${system.url}/api/docs`);
    expect(first.stdout).toContain(`${system.url}/admin/queues`);

    const loaded = await counts();
    expect(loaded).toEqual({
      accounts: { accountant: 1, admin: 1, customer: 2, dpo: 1, operator: 1, provider: 3 },
      orders: [
        { marker: 'Demo 1', status: 'requested' },
        { marker: 'Demo 2', status: 'assigned' },
        { marker: 'Demo 3', status: 'completed' },
        { marker: 'Demo 4', status: 'cancelled' },
        { marker: 'Demo 5', status: 'completed' },
      ],
      series: 1,
      invoices: 2,
      requests: PRIVACY_REQUESTS.map((r) => r.type).sort(),
      discountCodes: 1,
    });
    expect(loaded.orders).toHaveLength(ORDERS.length);

    const second = await runScript(demo, [], env());
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('admin@demo.offera.example: exists, reused');
    expect(second.stdout).toMatch(/Demo 3 \(Aino\): exists, completed/);
    expect(await counts()).toEqual(loaded);

    // The accounts work as printed.
    const res = await fetch(`${system.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `aino.asiakas@${DEMO_DOMAIN}`, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
  }, 240_000);

  it('refuses to run in production and loads nothing', async () => {
    const before = await counts();
    const result = await runScript(demo, [], env({ NODE_ENV: 'production' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NODE_ENV is production: the demo data set is for development only');
    expect(await counts()).toEqual(before);
  });

  it('says in one line how to start the system when nothing answers', async () => {
    const port = await closedPort();
    const result = await runScript(demo, [], env({ DEMO_API_URL: `http://127.0.0.1:${port}` }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `demo: the system does not answer at http://127.0.0.1:${port} (GATEWAY_PORT, or DEMO_API_URL): start it with npm start in another terminal, then run npm run demo again.`,
    ]);
  });
});
