import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The local projection of a subject's marketing permissions, built from the privacy service's
 * events; each field changes only for a newer event, so late deliveries cannot undo a change.
 */
@Entity({ name: 'marketing_preferences' })
export class MarketingPreferenceEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'boolean', default: false })
  consent: boolean;

  @Column({ name: 'consent_changed_at', type: 'timestamptz', nullable: true })
  consentChangedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ name: 'restriction_changed_at', type: 'timestamptz', nullable: true })
  restrictionChangedAt: Date | null;

  /** Art. 21: once objected, never marketed to again. */
  @Column({ name: 'objected_at', type: 'timestamptz', nullable: true })
  objectedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
