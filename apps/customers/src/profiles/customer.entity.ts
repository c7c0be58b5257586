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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
