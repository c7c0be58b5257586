import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the service remembers about a privacy request to tell its subject: the due date (a
 * later one means an extension) and, for an erasure, the contact details sealed at receipt so
 * the outcome can still be sent once the customers service has erased them.
 */
@Entity({ name: 'request_notices' })
export class RequestNoticeEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** AES-256-GCM; deleted as soon as the outcome has been sent. */
  @Column({ name: 'sealed_contact', type: 'text', nullable: true })
  sealedContact: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
