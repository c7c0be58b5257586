import type { QueueName, WithheldItem } from '@offera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a non-erasure step reported. */
export interface ReceiptOutcome {
  exported?: Record<string, number>;
  rectified?: Record<string, number>;
  applied?: boolean;
}

/** What one service reported doing for a request. */
@Entity({ name: 'request_receipts' })
export class RequestReceiptEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @PrimaryColumn({ type: 'text' })
  service: QueueName;

  @Column({ type: 'jsonb' })
  erased: Record<string, number>;

  @Column({ type: 'jsonb' })
  withheld: WithheldItem[];

  /** What a non-erasure step reported (rectified counts, restriction applied, exported categories). */
  @Column({ type: 'jsonb', nullable: true })
  outcome: ReceiptOutcome | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
