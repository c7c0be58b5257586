import type { Language } from '@offera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Names and contact details of a staff or provider account (customers keep theirs in `customers`). */
@Entity({ name: 'contact_profiles' })
export class ContactProfileEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', default: 'fi' })
  language: Language;
}
