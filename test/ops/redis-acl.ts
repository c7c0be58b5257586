/**
 * Redis ACL files as the deployments ship them: parsed into users and rules, and a private
 * redis-server started on a free port with one of them, for tests that check what each user
 * can and cannot do against the real server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface AclUser {
  readonly name: string;
  readonly on: boolean;
  readonly passwords: readonly string[];
  readonly rules: readonly string[];
}

/** `user <name> <rule>…` lines. Redis allows no comments in an ACL file, so neither does this. */
export function parseAcl(text: string): Map<string, AclUser> {
  const users = new Map<string, AclUser>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [word, name, ...rules] = line.split(/\s+/);
    if (word !== 'user' || !name) throw new Error(`not an ACL user line: ${word} ${name ?? ''}`);
    users.set(name, {
      name,
      on: rules.includes('on') && !rules.includes('off'),
      passwords: rules.filter((r) => r.startsWith('>')).map((r) => r.slice(1)),
      rules: rules.filter((r) => !r.startsWith('>')),
    });
  }
  return users;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export class PrivateRedis {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  /**
   * A throwaway redis-server (no persistence) using the given ACL file; resolves once it listens.
   * With `tls`, it listens on TLS only (the returned port), with that certificate.
   */
  static async start(aclFile: string, tls?: { cert: string; key: string }): Promise<PrivateRedis> {
    const port = await freePort();
    const listen = tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          tls.cert,
          '--tls-key-file',
          tls.key,
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(port)];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'offera-redis-acl-'));
    // A bad ACL file makes redis-server exit at start, which fails the test loudly.
    const server = spawn(
      'redis-server',
      [
        ...listen,
        '--bind',
        '127.0.0.1',
        '--protected-mode',
        'yes',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--aclfile',
        aclFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
      server.stdout?.on('data', () => {
        if (output.includes('Ready to accept connections')) resolve();
      });
    });
    return new PrivateRedis(port, server, dir);
  }

  url(user?: string, password?: string, scheme = 'redis'): string {
    const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(password ?? '')}@` : '';
    return `${scheme}://${auth}127.0.0.1:${this.port}`;
  }

  /** A connection as the user (or none); fails fast instead of retrying forever. */
  async connect(user?: string, password?: string): Promise<Redis> {
    const redis = new Redis(this.url(user, password), {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableReadyCheck: false,
    });
    redis.on('error', () => undefined);
    await redis.connect();
    return redis;
  }

  /** Sends inline commands on a bare socket and returns one status/error line per command. */
  raw(commands: readonly string[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.port });
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString();
        const replies = text.split('\r\n').filter((l) => /^[+-]/.test(l));
        if (replies.length >= commands.length) {
          socket.end();
          resolve(replies);
        }
      });
      socket.once('error', reject);
      socket.write(commands.map((c) => `${c}\r\n`).join(''));
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await new Promise((resolve) => this.child.once('exit', resolve));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
