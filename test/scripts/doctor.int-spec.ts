import path from 'node:path';
import { SERVICES } from '@offera/config';
import { testAdminUrl } from '@offera/testing';
import { checkNode } from '../../scripts/prerequisites.js';
import { REDIS_URL } from '../support/system.js';
import { buildScripts, closedPort, runScript } from './build.js';

/** `npm run doctor`, run as a real process against real and closed ports. */
describe('npm run doctor', () => {
  let build: { dir: string; remove(): void };
  let doctor: string;
  let ports: Record<string, string>;

  beforeAll(async () => {
    build = await buildScripts();
    doctor = path.join(build.dir, 'scripts/doctor.js');
    // The services' ports, free ones: the default ones may be taken on a shared machine.
    ports = {};
    for (const service of SERVICES) ports[`${service.toUpperCase()}_PORT`] = String(await closedPort());
  }, 60_000);

  afterAll(() => build?.remove());

  const noStackTrace = (text: string) => {
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toMatch(/triggerUncaughtException|node:internal/);
  };

  it('names Postgres and Redis on closed ports, the variable and the fix, one line each, and exits 1', async () => {
    const [pgPort, redisPort] = [await closedPort(), await closedPort()];
    const result = await runScript(doctor, [], {
      ...ports,
      DATABASE_ADMIN_URL: `postgres://postgres:s3cret-pw@127.0.0.1:${pgPort}/offera`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    expect(result.code).toBe(1);
    const failures = result.stdout.split('\n').filter((l) => l.startsWith('✗'));
    expect(failures).toEqual([
      expect.stringMatching(
        new RegExp(
          `^✗ Postgres is not reachable at 127\\.0\\.0\\.1:${pgPort} \\(DATABASE_ADMIN_URL\\): connection refused.*docker run.*set DATABASE_ADMIN_URL`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^✗ Redis is not reachable at 127\\.0\\.0\\.1:${redisPort} \\(REDIS_URL\\): connection refused.*docker run.*set REDIS_URL`,
        ),
      ),
    ]);
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
    noStackTrace(result.stdout + result.stderr);
  });

  it('stops npm start and npm run setup before anything starts, with the same lines and no stack trace', async () => {
    const [pgPort, redisPort] = [await closedPort(), await closedPort()];
    const env = {
      ...ports,
      DATABASE_ADMIN_URL: `postgres://postgres@127.0.0.1:${pgPort}/offera`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    };
    const start = await runScript(path.join(build.dir, 'scripts/start-all.js'), [], env);
    expect(start.code).toBe(1);
    expect(start.stdout).toMatch(/^✗ Postgres is not reachable at .*\(DATABASE_ADMIN_URL\)/m);
    expect(start.stdout).toMatch(/^✗ Redis is not reachable at .*\(REDIS_URL\)/m);
    expect(start.stdout).not.toContain('started (pid');
    noStackTrace(start.stdout + start.stderr);

    // Setup needs no Redis: only the Postgres line.
    const setup = await runScript(path.join(build.dir, 'scripts/setup.js'), [], env);
    expect(setup.code).toBe(1);
    expect(setup.stderr.split('\n').filter((l) => l.startsWith('✗'))).toEqual([
      expect.stringMatching(/^✗ Postgres is not reachable at .*\(DATABASE_ADMIN_URL\)/),
    ]);
    expect(setup.stdout).not.toContain('setup: created');
    noStackTrace(setup.stdout + setup.stderr);
  });

  it('passes against the running Postgres and Redis with free ports', async () => {
    const result = await runScript(doctor, [], {
      ...ports,
      DATABASE_ADMIN_URL: testAdminUrl(),
      REDIS_URL,
    });
    expect(result.stdout).toMatch(/^✓ Postgres \d+\.\d+ at /m);
    expect(result.stdout).toMatch(/^✓ Redis \d+\.\d+\.\d+ at /m);
    expect(result.stdout).toContain('Ready: npm start');
    expect(result.code).toBe(0);
  });

  it('names a port in use and the variable that moves it', async () => {
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const taken = (server.address() as { port: number }).port;
    try {
      const result = await runScript(doctor, [], {
        ...ports,
        ORDERS_PORT: String(taken),
        DATABASE_ADMIN_URL: testAdminUrl(),
        REDIS_URL,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`^✗ Port ${taken} \\(orders, ORDERS_PORT\\) is in use: .*set ORDERS_PORT`, 'm'),
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('in production names every missing secret and the variables that read it, without a stack trace', async () => {
    const result = await runScript(doctor, [], {
      ...ports,
      NODE_ENV: 'production',
      DATABASE_ADMIN_URL: testAdminUrl(),
      REDIS_URL,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ JWT_SECRET must be set in production .*\(read by gateway\)\.$/m);
    expect(result.stdout).toMatch(
      /^✗ MESSAGE_ENCRYPTION_KEY must be set in production .*\(read by gateway, customers, orders, notifications, privacy\)\.$/m,
    );
    noStackTrace(result.stdout + result.stderr);
  });
});

describe('the Node version check', () => {
  it('refuses Node before 24 with the fix, and accepts 24 and later', () => {
    expect(checkNode('20.19.0')).toEqual({
      level: 'fail',
      text: expect.stringMatching(
        /^Node 20\.19\.0 is too old: Offera needs Node 24 or newer; install it/,
      ) as string,
    });
    expect(checkNode('24.0.0').level).toBe('ok');
    expect(checkNode('25.1.0').level).toBe('ok');
  });
});
