import type { ConsentPurpose } from '@offera/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only ledger of a customer's consents: the latest row per purpose is the current state. */
@Entity({ name: 'consent_events' })
export class ConsentEventEntity {
  @PrimaryGeneratedColumn('identity')
  id: string;

  /** Pseudonym of the customer: the ledger outlives an erasure as proof. */
  @Column({ name: 'subject_ref', type: 'text' })
  subjectRef: string;

  @Column({ type: 'text' })
  purpose: ConsentPurpose;

  @Column({ type: 'boolean' })
  granted: boolean;

  /** 'subject', or the staff account that recorded it. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
