import { progress } from './stats.js';

/** Cleanup steps a benchmark registers as it starts things; undone in reverse order. */
export type CleanupSteps = (() => Promise<unknown>)[];

/**
 * Runs a benchmark's main function as the process: on success, failure, Ctrl-C or SIGTERM it
 * undoes every registered step in reverse (clients, children, then Redis keys and database).
 */
export async function runBenchmark(cleanups: CleanupSteps, main: () => Promise<void>): Promise<never> {
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((err: unknown) => progress(`cleanup step failed: ${String(err)}`));
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    await main();
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
  // Every connection is closed by now; a stray handle must not keep the process alive.
  process.exit();
}
