import { waitFor, WaitForTimeoutError } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('accepts async conditions and treats a throw as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls++;
        if (calls < 2) throw new Error('not ready');
        return Promise.resolve('ready');
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('times out with a clear error naming what it waited for and the last failure', async () => {
    const started = Date.now();
    const error = await waitFor(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 60, intervalMs: 10, description: 'the order to be confirmed' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toBe(
      'waitFor timed out after 60 ms waiting for the order to be confirmed; last error: connection refused',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('times out on a condition that stays false', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'waitFor timed out after 20 ms waiting for condition',
    );
  });
});
