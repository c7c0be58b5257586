import type { RequestStatus } from '@offera/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history of a request's states: who moved it, when, and why. */
@Entity({ name: 'request_transitions' })
export class RequestTransitionEntity {
  @PrimaryGeneratedColumn('identity')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: RequestStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: RequestStatus;

  /** 'subject', 'system', or a staff account id. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
