import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subject whose processing is restricted (Art. 18); new orders of theirs start restricted too. */
@Entity({ name: 'subject_restrictions' })
export class SubjectRestrictionEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'restricted_at', type: 'timestamptz', default: () => 'now()' })
  restrictedAt: Date;
}
