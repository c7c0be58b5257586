import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { SERVICES, type ServiceName } from '@offera/config';
import {
  cleanupRedis,
  createTestDatabase,
  type TestDatabase,
  testRedisPrefix,
  waitFor,
} from '@offera/testing';
import { restartDelay } from '../../scripts/supervisor.js';
import { SETUP_PLAN } from '../../scripts/setup-plan.js';
import { REDIS_URL } from '../support/system.js';
import { buildScripts, closedPort, scriptEnv } from './build.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/**
 * `npm start` (scripts/start-all.js) for real, on its own database and queue prefix: a service
 * killed with SIGKILL is restarted and the others (and the dev mail outbox) keep running;
 * SIGINT stops everything.
 */
describe('The dev launcher', () => {
  let build: { dir: string; remove(): void };
  let db: TestDatabase;
  let prefix: string;
  let launcher: ChildProcess | undefined;
  const output: string[] = [];
  const ports = {} as Record<ServiceName, number>;
  /** The gateway answers probes on its internal port, off the API port. */
  let gatewayInternalPort = 0;

  beforeAll(async () => {
    build = await buildScripts();
    db = await createTestDatabase(SETUP_PLAN);
    prefix = testRedisPrefix();
    for (const service of SERVICES) ports[service] = await closedPort();
    gatewayInternalPort = await closedPort();
  }, 60_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    for (const pid of pidsOf(output.join(''))) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (prefix) await cleanupRedis(REDIS_URL, prefix);
    await db?.drop();
    build?.remove();
  });

  /** Every `<service> started (pid N)` line, in order. */
  function starts(text: string): { service: string; pid: number }[] {
    return [...text.matchAll(/^(\w+) started \(pid (\d+)\)$/gm)].map((m) => ({
      service: m[1],
      pid: Number(m[2]),
    }));
  }
  const pidsOf = (text: string) => starts(text).map((s) => s.pid);
  const latestPid = (service: string) =>
    starts(output.join(''))
      .filter((s) => s.service === service)
      .at(-1)?.pid;
  const ready = async (service: ServiceName) =>
    (
      await fetch(
        `http://127.0.0.1:${service === 'gateway' ? gatewayInternalPort : ports[service]}/health/ready`,
      )
    ).status === 200;

  it('restarts a killed service with backoff, leaves the others running, and stops everything on SIGINT', async () => {
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_ADMIN_URL: db.adminUrl,
      ORDERS_SCHEDULE_JOBS: 'false',
    };
    for (const service of SERVICES) env[`${service.toUpperCase()}_PORT`] = String(ports[service]);
    env.INTERNAL_PORT = String(gatewayInternalPort);
    for (const { service } of SETUP_PLAN)
      env[`${service.toUpperCase()}_DATABASE_URL`] = db.serviceUrls[service];
    const child = spawn(process.execPath, [path.join(build.dir, 'scripts/start-all.js')], {
      cwd: build.dir,
      env: scriptEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher = child;
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const text = () => output.join('');
    /** waitFor, failing at once if the launcher exits, and naming what it printed. */
    const until = async (
      condition: () => boolean | Promise<boolean>,
      description: string,
      timeoutMs = 5000,
    ) => {
      try {
        await waitFor(
          () => {
            if (child.exitCode !== null) throw new Error('the launcher exited');
            return condition();
          },
          { timeoutMs, description },
        );
      } catch (error) {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n--- launcher output:\n${text()}`,
          { cause: error },
        );
      }
    };

    for (const service of SERVICES) await until(() => ready(service), `${service} to be ready`, 60_000);
    const before = Object.fromEntries(SERVICES.map((s) => [s, latestPid(s)!]));
    const smtpPort = Number(/mail relay smtp:\/\/127\.0\.0\.1:(\d+)/.exec(text())?.[1]);
    expect(await accepts(smtpPort)).toBe(true);

    process.kill(before.customers, 'SIGKILL');
    await until(
      () => text().includes('customers exited (SIGKILL); restarting it in 1 s'),
      'the launcher to report the crash',
    );
    await until(() => latestPid('customers') !== before.customers, 'customers to be started again');
    await until(() => ready('customers'), 'the new customers to be ready', 60_000);
    // The others are the very same processes, still serving; so is the dev mail outbox.
    for (const service of SERVICES.filter((s) => s !== 'customers')) {
      expect(latestPid(service)).toBe(before[service]);
      expect(alive(before[service])).toBe(true);
      expect(await ready(service)).toBe(true);
    }
    expect(await accepts(smtpPort)).toBe(true);
    expect(text()).not.toContain('stopping the others');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const pid of pidsOf(text())) expect(alive(pid)).toBe(false);
    expect(await accepts(smtpPort)).toBe(false);
    for (const service of SERVICES) expect(await accepts(ports[service])).toBe(false);
  }, 180_000);
});

describe('restart backoff', () => {
  it('doubles from 1 s with each crash in a row, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(restartDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
