import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Restriction (Art. 18) and marketing objection (Art. 21) of a subject, by pseudonym. */
@Entity({ name: 'subject_flags' })
export class SubjectFlagsEntity {
  @PrimaryColumn({ name: 'subject_ref', type: 'text' })
  subjectRef: string;

  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ name: 'marketing_objected', type: 'boolean', default: false })
  marketingObjected: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
