import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RecurrenceRule, RescheduledOccurrence } from './recurrence.js';
import type { SeriesTemplate } from './series-template.js';

/** A recurring cleaning agreement; its visits are materialised as orders some weeks ahead. */
@Entity({ name: 'order_series' })
export class OrderSeriesEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  status: 'active' | 'ended';

  @Column({ type: 'jsonb' })
  rule: RecurrenceRule;

  @Column({ name: 'start_local', type: 'text' })
  startLocal: string;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ type: 'jsonb' })
  skipped: string[];

  @Column({ type: 'jsonb' })
  rescheduled: RescheduledOccurrence[];

  @Column({ name: 'paused_until', type: 'date', nullable: true })
  pausedUntil: string | null;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'jsonb' })
  template: SeriesTemplate;

  @Column({ name: 'previous_series_id', type: 'uuid', nullable: true })
  previousSeriesId: string | null;

  /** The request that created it (null for a this-and-future successor): redeliveries find it. */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  /** The message of its last change: that message delivered again changes nothing more. */
  @Column({ name: 'last_request_id', type: 'text', nullable: true })
  lastRequestId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
