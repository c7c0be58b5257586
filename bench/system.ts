import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_SERVICES, type ServiceName } from '@offera/config';
import type { TestDatabase } from '@offera/testing';
import { Child, freePort } from './children.js';
import { progress } from './stats.js';

/** Compiled to dist/bench/, beside dist/apps/. */
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface SystemEnv {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly db: TestDatabase;
}

/**
 * The five services as separate processes, as `npm start` runs them: each worker with its own
 * database role into the bench database, all on the run's queue prefix, logging warnings only.
 */
export class BenchSystem {
  readonly children: Child[] = [];
  /** The services' message key, for a client that talks to them directly. */
  readonly messageKey = randomBytes(32);
  url = '';

  async start(env: SystemEnv): Promise<void> {
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      MESSAGE_ENCRYPTION_KEY: this.messageKey.toString('base64'),
      JWT_SECRET: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '100000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
    };
    // The mail relay and SMS provider the notifications service sends to (welcome mails etc.).
    const [smtpPort, smsPort] = [await freePort(), await freePort()];
    const sinks = Child.spawn('sinks', join(dist, 'bench', 'sinks.js'), [], {
      PATH: process.env.PATH,
      SMTP_PORT: String(smtpPort),
      SMS_PORT: String(smsPort),
    });
    this.children.push(sinks);
    await sinks.waitForLine('ready');
    common.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    common.SMS_API_URL = `http://127.0.0.1:${smsPort}/messages`;
    const started: Promise<void>[] = [];
    for (const service of [...WORKER_SERVICES, 'gateway'] as ServiceName[]) {
      const port = await freePort();
      // The gateway serves its probes on an internal port of its own, off the API port.
      const probePort = service === 'gateway' ? await freePort() : port;
      const child = Child.spawn(service, join(dist, 'apps', service, 'src/main.js'), [], {
        ...common,
        PORT: String(port),
        ...(service === 'gateway'
          ? { INTERNAL_PORT: String(probePort) }
          : { DATABASE_URL: env.db.serviceUrls[service] }),
      });
      this.children.push(child);
      started.push(child.waitForHttp(`http://127.0.0.1:${probePort}/health/ready`));
      if (service === 'gateway') this.url = `http://127.0.0.1:${port}`;
    }
    await Promise.all(started);
    progress(`services up: ${this.services.map((c) => `${c.name} (pid ${c.pid})`).join(', ')}`);
  }

  /** The service processes (without the sinks), for CPU accounting. */
  get services(): Child[] {
    return this.children.filter((c) => c.name !== 'sinks');
  }

  async stop(): Promise<void> {
    // The gateway first, so nothing new arrives while the workers finish; then the services that
    // ask the customers service for contacts and providers while they work, and it last, so no
    // in-flight job waits out its request timeout for a service already gone.
    const named = (...names: string[]) => this.children.filter((c) => names.includes(c.name));
    await Promise.all(named('gateway').map((c) => c.stop()));
    const callers = WORKER_SERVICES.filter((s) => s !== 'customers');
    await Promise.all(named(...callers).map((c) => c.stop()));
    await Promise.all(named('customers', 'sinks').map((c) => c.stop()));
  }
}
