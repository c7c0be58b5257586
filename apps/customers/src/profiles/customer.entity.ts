import type { Language } from '@offera/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The customer register's person record; its id is the customer's account id. */
@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Human-friendly, from a sequence: unique and never reused. */
  @Column({ name: 'customer_number', type: 'text', insert: false, update: false })
  customerNumber: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName: string;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', default: 'fi' })
  language: Language;

  /** Art. 18 restriction of processing: while true, the record is only stored. */
  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
