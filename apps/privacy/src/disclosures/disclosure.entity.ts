import type { RecipientKind, TransferSafeguard } from '@offera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Art. 19 register: one disclosure of a subject's data to a recipient. */
@Entity({ name: 'disclosures' })
export class DisclosureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'subject_ref', type: 'text' })
  subjectRef: string;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind: RecipientKind;

  @Column({ name: 'recipient_name', type: 'text' })
  recipientName: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ type: 'jsonb' })
  categories: string[];

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ name: 'outside_eea', type: 'boolean' })
  outsideEea: boolean;

  @Column({ type: 'text', nullable: true })
  safeguard: TransferSafeguard | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'disclosed_at', type: 'timestamptz' })
  disclosedAt: Date;
}
