import type { Child } from './children.js';
import { type CpuMeter, type CpuSample, type CpuShare, cpuShare } from './cpu.js';
import { closedLoop, type LoadResult, type LoadRun, type OpOutcome, summarise } from './load.js';
import { percentile, progress, round } from './stats.js';

/** One side of a comparison: an operation and the processes serving it. */
export interface Side {
  readonly name: string;
  readonly servers: readonly Child[];
  readonly op: () => Promise<OpOutcome>;
}

export interface Measured extends LoadResult {
  readonly cpu: CpuShare;
}

export interface Pair {
  readonly baseline: Measured;
  readonly subject: Measured;
}

interface Window {
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly untilDrained?: boolean;
}

/** Collects a side's measured windows and the CPU each used. */
class Recorder {
  private readonly runs = new Map<Side, LoadRun[]>();
  private readonly cpu = new Map<Side, CpuSample[]>();

  constructor(
    private readonly meter: CpuMeter,
    private readonly concurrency: number,
    private readonly maxOps: number,
  ) {}

  /** Runs a window without recording it; returns its run (for its latencies). */
  warm(side: Side, durationMs: number): Promise<LoadRun> {
    return closedLoop(side.op, {
      concurrency: this.concurrency,
      maxOps: this.maxOps,
      warmupMs: 0,
      durationMs,
    });
  }

  async measure(side: Side, window: Window): Promise<LoadRun> {
    const stop = await this.meter.start(side.servers.map((c) => c.pid));
    const run = await closedLoop(side.op, { concurrency: this.concurrency, maxOps: this.maxOps, ...window });
    this.push(this.cpu, side, await stop());
    this.push(this.runs, side, run);
    return run;
  }

  private push<T>(map: Map<Side, T[]>, side: Side, value: T): void {
    map.set(side, [...(map.get(side) ?? []), value]);
  }

  result(side: Side): Measured {
    const measured = { ...summarise(this.runs.get(side) ?? []), cpu: cpuShare(this.cpu.get(side) ?? []) };
    progress(
      `${side.name}: ${Math.round(measured.perSecond)}/s, p50 ${round(measured.p50Ms)} ms, ` +
        `p99 ${round(measured.p99Ms)} ms, ${measured.errors} errors; CPU % of a core: ` +
        `redis ${measured.cpu.redis}, load ${measured.cpu.loadGenerator}, servers ${measured.cpu.servers}`,
    );
    return measured;
  }
}

/** How long a slice must run before it counts: long enough for the loops to refill the pipeline. */
function refillMs(run: LoadRun): number {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 0.99);
  return Math.round(Math.min(3000, Math.max(200, 2 * (Number.isNaN(p99) ? 1000 : p99))));
}

export interface InterleavedOptions {
  readonly concurrency: number;
  readonly maxOps: number;
  /** Warm-up of each side before the first slice. */
  readonly warmupMs: number;
  /** Alternating slices per side. */
  readonly rounds: number;
  /** Measured length of one slice. */
  readonly sliceMs: number;
}

/**
 * Measures a baseline and a subject in alternating slices (A B A B ...), so other work on the
 * machine weighs on both alike and their ratio stays meaningful. Each slice starts with a
 * discarded refill of twice its side's warm-up p99 latency.
 */
export async function interleaved(
  meter: CpuMeter,
  baseline: Side,
  subject: Side,
  options: InterleavedOptions,
): Promise<Pair> {
  const rec = new Recorder(meter, options.concurrency, options.maxOps);
  progress(
    `${baseline.name} vs ${subject.name}: ${options.warmupMs} ms warm-up each, then ${options.rounds} ` +
      `alternating slices of ${options.sliceMs} ms each at ${options.concurrency} in flight`,
  );
  const refill = new Map<Side, number>();
  for (const side of [baseline, subject]) refill.set(side, refillMs(await rec.warm(side, options.warmupMs)));
  for (let r = 0; r < options.rounds; r++) {
    for (const side of [baseline, subject]) {
      await rec.measure(side, { warmupMs: refill.get(side) ?? 200, durationMs: options.sliceMs });
    }
  }
  return { baseline: rec.result(baseline), subject: rec.result(subject) };
}

export interface BracketedOptions {
  readonly concurrency: number;
  readonly maxOps: number;
  /** Each baseline window (one before, one after the subject). */
  readonly baselineMs: number;
  readonly baselineWarmupMs: number;
  /** Upper bound on the subject's run, which lasts until its work is all done. */
  readonly subjectMaxMs: number;
  /** A subject that never runs out of work: a fixed window (after a warm-up) instead of a batch. */
  readonly subjectWindow?: { readonly warmupMs: number; readonly durationMs: number };
}

/**
 * Baseline, subject, baseline again (A B A): for slow operations such as flows, whose pipeline
 * takes too long to refill for short alternating slices. The subject runs its whole batch at
 * `concurrency` in flight, measured from its first start to its last completion; the baseline
 * is both of its windows together.
 */
export async function bracketed(
  meter: CpuMeter,
  baseline: Side,
  subject: Side,
  options: BracketedOptions,
): Promise<Pair> {
  const rec = new Recorder(meter, options.concurrency, options.maxOps);
  progress(
    `${baseline.name} (${options.baselineMs} ms), ${subject.name} (its whole batch), ` +
      `${baseline.name} again, at ${options.concurrency} in flight`,
  );
  const base = { warmupMs: options.baselineWarmupMs, durationMs: options.baselineMs };
  await rec.measure(baseline, base);
  const run = await rec.measure(
    subject,
    options.subjectWindow ?? { warmupMs: 0, durationMs: options.subjectMaxMs, untilDrained: true },
  );
  if (!options.subjectWindow && !run.starved) {
    progress(`${subject.name} was cut off after ${options.subjectMaxMs} ms`);
  }
  await rec.measure(baseline, base);
  return { baseline: rec.result(baseline), subject: rec.result(subject) };
}
