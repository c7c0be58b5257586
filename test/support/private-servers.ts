import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@offera/testing';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of the test's own on its own port, to be killed and started again (no persistence). */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts the server and resolves once it answers PING. */
  async up(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    this.process = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await waitFor(
        async () => {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        },
        { timeoutMs: 10_000, description: 'the private redis-server to answer' },
      );
    } finally {
      probe.disconnect();
    }
  }

  /** Kills the server (SIGKILL: as a crash, nothing flushed) and waits until it has exited. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A Postgres cluster of the test's own (initdb as the `postgres` OS user, its own port and
 * socket directory), to be stopped and started again while the system runs against it.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'offera-pg-'));
    await run('chown', ['postgres', dir]);
    const pg = new PrivatePostgres(await freePort(), dir);
    await pg.asPostgres(`${pg.bin('initdb')} -D ${pg.dataDir} -A trust -U postgres --no-sync`);
    await pg.up();
    return pg;
  }

  /** Superuser URL of the cluster's `postgres` database. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private bin(name: string): string {
    return `/usr/lib/postgresql/15/bin/${name}`;
  }

  private asPostgres(command: string): Promise<unknown> {
    return run('su', ['postgres', '-c', command]);
  }

  /** Starts the server and waits until it accepts connections. */
  async up(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.asPostgres(
      `${this.bin('pg_ctl')} -D ${this.dataDir} -o "${options}" -w -s -l ${this.dir}/log start`,
    );
  }

  /** Stops the server at once (open connections are cut, as when the database goes away). */
  async down(): Promise<void> {
    await this.asPostgres(`${this.bin('pg_ctl')} -D ${this.dataDir} -m immediate -w -s stop`);
  }

  async remove(): Promise<void> {
    await this.down().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
