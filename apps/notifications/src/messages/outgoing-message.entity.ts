import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type MessageChannel = 'email' | 'sms';

/** A message to a recipient, recorded before it is delivered; delivery attempts update it. */
@Entity({ name: 'outgoing_messages' })
export class OutgoingMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The event that caused it: a duplicate event finds this and sends nothing new. */
  @Column({ name: 'source_event_id', type: 'uuid', unique: true })
  sourceEventId: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  channel: MessageChannel;

  @Column({ type: 'text' })
  status: MessageStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
