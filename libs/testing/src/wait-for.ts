export interface WaitForOptions {
  /** Give up after this long; 5000 ms by default. */
  timeoutMs?: number;
  /** Pause between attempts; 50 ms by default. */
  intervalMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

export class WaitForTimeoutError extends Error {
  constructor(
    message: string,
    readonly lastError?: unknown,
  ) {
    super(message);
    this.name = 'WaitForTimeoutError';
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` until it returns a truthy value (which is returned) or the deadline
 * passes. A throwing condition counts as not yet; its last error is named on timeout.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await pause(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  const what = options.description ?? 'condition';
  const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new WaitForTimeoutError(
    `waitFor timed out after ${timeoutMs} ms waiting for ${what}${why}`,
    lastError,
  );
}
