import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RecipientAction = 'rectification' | 'erasure' | 'restriction';

/** Art. 19: a recipient owed notice of a rectification, erasure or restriction. */
@Entity({ name: 'recipient_notifications' })
export class RecipientNotificationEntity {
  @PrimaryGeneratedColumn('identity')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'disclosure_id', type: 'uuid' })
  disclosureId: string;

  @Column({ type: 'text' })
  action: RecipientAction;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
