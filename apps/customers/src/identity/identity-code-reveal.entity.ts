import type { Role } from '@offera/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Audit entry of a staff member seeing an identity code in clear (append-only in the database). */
@Entity({ name: 'identity_code_reveals' })
export class IdentityCodeRevealEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'revealed_by', type: 'uuid' })
  revealedBy: string;

  @Column({ name: 'revealed_by_role', type: 'text' })
  revealedByRole: Role;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'revealed_at', type: 'timestamptz' })
  revealedAt: Date;
}
