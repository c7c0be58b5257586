import type { QueueName, WithheldItem } from '@offera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
