import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type MessageChannel = 'email' | 'sms';
export type MessageKind = 'transactional' | 'marketing';

/**
 * Values a template is rendered with: ids, times, amounts and codes — never an address or a
 * name (those are fetched from the customers service when the message is sent).
 */
export type MessageParams = Readonly<Record<string, string | number | null>>;

/** A message to a recipient, recorded before it is delivered; delivery attempts update it. */
@Entity({ name: 'outgoing_messages' })
export class OutgoingMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The event that caused it: a duplicate event finds its (event, recipient, channel) and sends nothing new. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  channel: MessageChannel;

  @Column({ type: 'text', default: 'transactional' })
  kind: MessageKind;

  @Column({ type: 'jsonb', default: {} })
  params: MessageParams;

  @Column({ type: 'text' })
  status: MessageStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** A code (SMTP reply code, HTTP status, error code), never a provider's text. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
