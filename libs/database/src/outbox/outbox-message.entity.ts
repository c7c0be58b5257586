import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change it announces, relayed to the
 * message transport afterwards. The table lives in each service's own schema.
 */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id: string;

  /** Insertion order (an identity column; bigint comes back as a string). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  /** Message name from the contracts library, e.g. `order.placed`. */
  @Column('text')
  name: string;

  @Column('jsonb')
  payload: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('int', { default: 0 })
  attempts: number;

  /** Why the last publish failed; never personal data. */
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}

/** LISTEN/NOTIFY channel the outbox trigger signals after a commit. */
export const outboxChannel = (schema: string): string => `outbox_${schema}`;
