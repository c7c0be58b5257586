import { performance } from 'node:perf_hooks';
import { percentile, progress, round } from './stats.js';

export interface LoadOptions {
  /** Loops running at once, each starting its next operation when the previous one ends. */
  readonly concurrency: number;
  /** Operations completed before this are not counted. */
  readonly warmupMs: number;
  /** Length of the measured window after the warm-up. */
  readonly durationMs: number;
  /** Upper bound on operations started, whatever the timing. */
  readonly maxOps: number;
  /** How long to wait for in-flight operations after the window closes. */
  readonly drainTimeoutMs?: number;
  /**
   * When the work runs out, let the operations in flight finish and end the window at the
   * last completion ("N operations, until all are done") instead of cutting it there.
   */
  readonly untilDrained?: boolean;
}

/** One measured window. */
export interface LoadRun {
  /** Latencies (ms) of the successful operations completed inside the window. */
  readonly latencies: number[];
  readonly errors: number;
  readonly seconds: number;
  /** The window was cut short because the work (or the op bound) ran out. */
  readonly starved: boolean;
}

export interface LoadResult {
  readonly ops: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly starved: boolean;
}

/**
 * What an operation returns: nothing (its latency is the call's duration), a number (its
 * latency in ms, when the op measures it more precisely itself), or `false` (no work left).
 */
export type OpOutcome = void | number | false;

/**
 * A closed-loop load: `concurrency` loops each run `op` back to back. Throughput and
 * percentiles count the operations that complete inside the window, which ends early the
 * moment any loop runs out of work (from then on fewer than `concurrency` are in flight).
 */
export async function closedLoop(op: () => Promise<OpOutcome>, options: LoadOptions): Promise<LoadRun> {
  const start = performance.now();
  const from = start + options.warmupMs;
  let to = from + options.durationMs;
  let stopping = false;
  let started = 0;
  let errors = 0;
  let starved = false;
  const latencies: number[] = [];
  let firstError: Error | undefined;
  let failures = 0;

  let lastCompletion = from;
  const starve = (at: number): void => {
    stopping = true;
    if (options.untilDrained) {
      starved = true;
      return;
    }
    if (at < to) {
      starved = true;
      to = at;
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      if (started >= options.maxOps) {
        starve(performance.now());
        return;
      }
      started++;
      const t0 = performance.now();
      let outcome: OpOutcome = undefined;
      let failed = false;
      try {
        outcome = await op();
      } catch (error) {
        failed = true;
        failures++;
        firstError ??= error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
      }
      const t1 = performance.now();
      if (outcome === false) {
        starve(t1);
        return;
      }
      if (t1 >= to) stopping = true;
      if (t1 < from || t1 > to) continue;
      lastCompletion = t1;
      if (failed) errors++;
      else latencies.push(typeof outcome === 'number' ? outcome : t1 - t0);
    }
  };

  // Ends the window on time even when every loop is waiting on a slow operation.
  const stopTimer = setTimeout(() => (stopping = true), options.warmupMs + options.durationMs);
  let drainTimer: NodeJS.Timeout | undefined;
  const drainDeadline = new Promise<void>((resolve) => {
    drainTimer = setTimeout(
      resolve,
      options.warmupMs + options.durationMs + (options.drainTimeoutMs ?? 15_000),
    );
  });
  await Promise.race([Promise.all(Array.from({ length: options.concurrency }, () => loop())), drainDeadline]);
  clearTimeout(stopTimer);
  clearTimeout(drainTimer);

  if (options.untilDrained && starved) to = Math.min(to, lastCompletion);
  if (failures) progress(`${failures} operations failed; the first: ${firstError?.message}`);
  // Failures are counted, not thrown: a result with its error count says more than a crash.
  return { latencies, errors, seconds: Math.max(0, to - from) / 1000, starved };
}

/** Throughput and percentiles over several windows of the same operation. */
export function summarise(runs: readonly LoadRun[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return {
    ops: latencies.length,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    seconds: round(seconds, 3),
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    starved: runs.some((r) => r.starved),
  };
}
