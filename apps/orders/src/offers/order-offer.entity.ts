import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OfferStatus = 'open' | 'accepted' | 'lost' | 'expired' | 'withdrawn' | 'released';

/** An order offered to one provider in one round; at most one offer per order is ever accepted. */
@Entity({ name: 'order_offers' })
export class OrderOfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'text' })
  status: OfferStatus;

  @Column({ name: 'offered_at', type: 'timestamptz', default: () => 'now()' })
  offeredAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why the provider released the job they had accepted (optional, their words). */
  @Column({ name: 'release_reason', type: 'text', nullable: true })
  releaseReason: string | null;
}
