import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The latest state known of each order, by its events' numbers (`seq`): events of one order may
 * be handled out of order (a retried handler, competing consumers), and the later state wins.
 */
@Injectable()
export class OrderProgress {
  constructor(private readonly db: DataSource) {}

  /**
   * Records that event `seq` of the order was seen; false when a later one was seen already (this
   * one is stale: it sends nothing). An event without a number (older producers) is never stale;
   * the same event again is not stale either (its messages are deduplicated by event id).
   */
  async advance(orderId: string, seq: number | undefined): Promise<boolean> {
    if (seq === undefined) return true;
    const [row] = await this.db.query<{ last_seq: number }[]>(
      `INSERT INTO order_progress (order_id, last_seq) VALUES ($1, $2)
       ON CONFLICT (order_id) DO UPDATE
         SET last_seq = GREATEST(order_progress.last_seq, EXCLUDED.last_seq), updated_at = now()
       RETURNING last_seq`,
      [orderId, seq],
    );
    return row.last_seq <= seq;
  }
}
