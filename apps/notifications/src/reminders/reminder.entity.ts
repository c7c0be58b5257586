import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReminderStatus = 'scheduled' | 'sent' | 'cancelled';

/** A visit's reminder; its delayed job is `reminder-<orderId>` in the notifications queue. */
@Entity({ name: 'reminders' })
export class ReminderEntity {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text' })
  status: ReminderStatus;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
