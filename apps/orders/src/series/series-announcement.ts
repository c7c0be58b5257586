import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';
import type { OrderSeriesEntity } from './order-series.entity.js';

/**
 * Writes `series.created` in the transaction that made the series and its first visits: the
 * customer is sent one summary (rule, first visits, price per visit), not one message per visit.
 * `firstPriceCents` is the first visit's price when known; otherwise the first visit's total.
 */
export async function announceSeries(
  tx: EntityManager,
  s: OrderSeriesEntity,
  firstPriceCents?: number,
): Promise<void> {
  const visits = await tx.query<{ starts_at: Date; total_cents: number }[]>(
    `SELECT starts_at, total_cents FROM orders WHERE series_id = $1 AND status <> 'cancelled'
      ORDER BY starts_at LIMIT 4`,
    [s.id],
  );
  await OutboxWriter.add(tx, 'series.created', {
    seriesId: s.id,
    customerId: s.customerId,
    occurredAt: new Date().toISOString(),
    rule: s.rule,
    firstVisits: visits.map((v) => new Date(v.starts_at).toISOString()),
    pricePerVisitCents: firstPriceCents ?? visits[0]?.total_cents ?? 0,
    durationMinutes: s.durationMinutes,
    previousSeriesId: s.previousSeriesId,
  });
}
