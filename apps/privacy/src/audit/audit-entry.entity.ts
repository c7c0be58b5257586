import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: who did what to whose data, when. Never holds personal data itself. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity')
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** A staff account id, or 'system:<job>'. */
  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'subject_ref', type: 'text', nullable: true })
  subjectRef: string | null;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

  /** For an entry another service reported: what it stands for (recorded once). */
  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId: string | null;
}
