import type { Role } from '@offera/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RectificationSource = 'self' | 'staff' | 'privacy_request';

/** That a field of a customer's record changed, when and by whom; neither value is stored. */
@Entity({ name: 'rectification_history' })
export class RectificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  /** e.g. `phone`, `address.street`, `identity_code`. */
  @Column({ type: 'text' })
  field: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @Column({ name: 'changed_by_role', type: 'text', nullable: true })
  changedByRole: Role | null;

  @Column({ type: 'text' })
  source: RectificationSource;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;
}
