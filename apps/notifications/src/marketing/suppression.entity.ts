import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An address never to market to: only its keyed hash (HMAC-SHA256), so it survives erasure unreadable. */
@Entity({ name: 'suppression_list' })
export class SuppressionEntity {
  @PrimaryColumn({ name: 'address_hash', type: 'text' })
  addressHash: string;

  @Column({ type: 'text' })
  reason: 'objection' | 'unsubscribe';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
