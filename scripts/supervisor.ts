import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Keeps a set of child processes running for `npm start`: one that dies is started again after a
 * delay that doubles with each crash in a row (1 s, 2 s, 4 s … up to 30 s; a process that stayed
 * up a minute starts the count again), and the others are left alone. `stop()` ends them all.
 */
export interface ProcessSpec {
  readonly name: string;
  readonly script: string;
  readonly env: NodeJS.ProcessEnv;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

interface Supervised {
  readonly spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  crashes: number;
  restartTimer?: NodeJS.Timeout;
}

/** How long to wait before the `crashes`-th restart in a row. */
export const restartDelay = (crashes: number): number =>
  Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, crashes - 1), MAX_DELAY_MS);

export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private stopping = false;
  private allExited?: () => void;

  constructor(private readonly write: (line: string) => void) {}

  start(spec: ProcessSpec): void {
    const entry: Supervised = { spec, startedAt: 0, crashes: 0 };
    this.processes.set(spec.name, entry);
    this.spawn(entry);
  }

  /** SIGTERM to every child (SIGKILL if `force`); resolves once all have exited. */
  stop(force = false): Promise<void> {
    this.stopping = true;
    const done = new Promise<void>((resolve) => (this.allExited = resolve));
    for (const entry of this.processes.values()) {
      clearTimeout(entry.restartTimer);
      entry.child?.kill(force ? 'SIGKILL' : 'SIGTERM');
    }
    this.checkAllExited();
    return done;
  }

  private spawn(entry: Supervised): void {
    const { name, script, env } = entry.spec;
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    entry.child = child;
    entry.startedAt = Date.now();
    this.write(`${name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => this.exited(entry, code, signal));
  }

  private exited(entry: Supervised, code: number | null, signal: NodeJS.Signals | null): void {
    entry.child = undefined;
    const how = signal ?? `code ${code}`;
    if (this.stopping) {
      this.write(`${entry.spec.name} stopped (${how})`);
      this.checkAllExited();
      return;
    }
    entry.crashes = Date.now() - entry.startedAt >= STABLE_AFTER_MS ? 1 : entry.crashes + 1;
    const delay = restartDelay(entry.crashes);
    this.write(
      `${entry.spec.name} exited (${how}); restarting it in ${delay / 1000} s (crash ${entry.crashes} in a row); the others keep running`,
    );
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (!this.stopping) this.spawn(entry);
    }, delay);
  }

  private checkAllExited(): void {
    if ([...this.processes.values()].every((e) => !e.child)) this.allExited?.();
  }
}
