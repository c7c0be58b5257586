import { connectPg, type PgClient } from '@offera/database';

interface Waiter {
  readonly resolve: (completedAt: number) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Detects finished privacy requests with one SQL query over all pending ids every
 * `intervalMs` (as superuser into the bench database), so detection adds no load to the
 * services' own message paths.
 */
export class ErasureWatcher {
  private readonly waiting = new Map<string, Waiter>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;

  private constructor(
    private readonly client: PgClient,
    private readonly intervalMs: number,
  ) {}

  static async open(adminUrl: string, intervalMs = 20): Promise<ErasureWatcher> {
    const watcher = new ErasureWatcher(await connectPg(adminUrl), intervalMs);
    watcher.schedule();
    return watcher;
  }

  /** Resolves with the request's `completed_at` (epoch ms) once it is completed. */
  completion(requestId: string): Promise<number> {
    return new Promise((resolve, reject) => this.waiting.set(requestId, { resolve, reject }));
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ids = [...this.waiting.keys()];
      if (!ids.length) return;
      const { rows } = await this.client.query<{ id: string; status: string; completed_at: Date | null }>(
        `SELECT id, status, completed_at FROM privacy.requests
          WHERE id = ANY($1::uuid[]) AND status IN ('completed', 'failed', 'rejected')`,
        [ids],
      );
      for (const row of rows) {
        const waiter = this.waiting.get(row.id);
        this.waiting.delete(row.id);
        if (row.status === 'completed' && row.completed_at) waiter?.resolve(row.completed_at.getTime());
        else waiter?.reject(new Error(`An erasure ended as ${row.status}`));
      }
    } catch (error) {
      for (const w of this.waiting.values()) w.reject(error as Error);
      this.waiting.clear();
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const w of this.waiting.values()) w.reject(new Error('The watcher was closed'));
    this.waiting.clear();
    await this.client.end();
  }
}
