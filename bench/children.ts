import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './stats.js';

const FORWARDED_LINES = 8;

/** A child Node process whose output is forwarded to stderr, tagged with its name. */
export class Child {
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private forwarded = 0;
  private readonly lineWaiters: { match: string; resolve: () => void }[] = [];

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    for (const stream of [proc.stdout, proc.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
  }

  static spawn(name: string, file: string, args: readonly string[], env: NodeJS.ProcessEnv): Child {
    const proc = spawn(
      process.execPath,
      [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), file, ...args],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new Child(name, proc);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  private onLine(line: string): void {
    if (line !== 'ready') {
      // Forward the first few lines (start-up failures); a flood of repeats only hides progress.
      this.forwarded++;
      if (this.forwarded <= FORWARDED_LINES) process.stderr.write(`[${this.name}] ${line.slice(0, 500)}\n`);
    }
    for (const w of [...this.lineWaiters]) {
      if (line === w.match) {
        this.lineWaiters.splice(this.lineWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves when the child prints `line`; fails if it exits first or takes too long. */
  async waitForLine(line: string, timeoutMs = 20_000): Promise<void> {
    const printed = new Promise<void>((resolve) => this.lineWaiters.push({ match: line, resolve }));
    await this.raceExit(printed, timeoutMs, `print "${line}"`);
  }

  /** Polls an HTTP URL until it answers 200. */
  async waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ok = (async () => {
      while (Date.now() < deadline) {
        if (this.exitCode !== undefined) return;
        try {
          const res = await fetch(url);
          if (res.ok) return;
        } catch {
          // Not listening yet.
        }
        await sleep(100);
      }
    })();
    await this.raceExit(ok, timeoutMs, `answer ${url}`);
  }

  private async raceExit(what: Promise<void>, timeoutMs: number, description: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
    );
    const outcome = await Promise.race([
      what.then(() => 'ok' as const),
      this.exited.then(() => 'exit' as const),
      timeout,
    ]);
    clearTimeout(timer);
    if (outcome === 'ok' && this.exitCode === undefined) return;
    throw new Error(
      `${this.name} did not ${description} (${outcome === 'timeout' ? 'timed out' : `exited with ${this.exitCode}`})`,
    );
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.forwarded > FORWARDED_LINES) {
      progress(`${this.name} printed ${this.forwarded - FORWARDED_LINES} more lines (not shown)`);
      this.forwarded = 0;
    }
    if (this.exitCode !== undefined) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => {
      progress(`${this.name} did not stop within ${graceMs} ms; killing it`);
      this.proc.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
