import { Injectable, type OnModuleInit } from '@nestjs/common';
import { REQUEST_STATUSES } from '@offera/contracts';
import { MetricsService } from '@offera/observability';
import { DataSource } from 'typeorm';
import { Clock } from '../clock.js';

const DAY_MS = 24 * 3600 * 1000;
const DUE_BUCKETS = ['overdue', 'within_3_days', 'within_7_days', 'later'] as const;

/** Requests by status and open requests by days to their due date, read at each scrape. */
@Injectable()
export class RequestMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const db = this.db;
    const clock = this.clock;
    this.metrics.gauge({
      name: 'privacy_requests',
      help: 'Data-subject requests by status',
      labelNames: ['status'],
      async collect() {
        const rows = await db.query<{ status: string; n: string }[]>(
          'SELECT status, count(*) AS n FROM requests GROUP BY status',
        );
        const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
        for (const status of REQUEST_STATUSES) this.set({ status }, by.get(status) ?? 0);
      },
    });
    this.metrics.gauge({
      name: 'privacy_requests_open_by_due',
      help: 'Open data-subject requests by days left to their due date',
      labelNames: ['due'],
      async collect() {
        const rows = await db.query<{ due_at: Date }[]>(
          `SELECT due_at FROM requests WHERE status IN ('received','verified','approved','in_progress')`,
        );
        const counts = Object.fromEntries(DUE_BUCKETS.map((b) => [b, 0])) as Record<
          (typeof DUE_BUCKETS)[number],
          number
        >;
        const now = clock.now().getTime();
        for (const r of rows) {
          const days = (new Date(r.due_at).getTime() - now) / DAY_MS;
          counts[
            days < 0 ? 'overdue' : days <= 3 ? 'within_3_days' : days <= 7 ? 'within_7_days' : 'later'
          ] += 1;
        }
        for (const due of DUE_BUCKETS) this.set({ due }, counts[due]);
      },
    });
    this.metrics.gauge({
      name: 'privacy_requests_min_days_to_due',
      help: 'Days until the most urgent open request falls due (negative when overdue)',
      async collect() {
        const rows = await db.query<{ due_at: Date | null }[]>(
          `SELECT min(due_at) AS due_at FROM requests WHERE status IN ('received','verified','approved','in_progress')`,
        );
        const due = rows[0]?.due_at;
        this.set(due ? (new Date(due).getTime() - clock.now().getTime()) / DAY_MS : 0);
      },
    });
  }
}
