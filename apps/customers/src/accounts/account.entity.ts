import type { Role } from '@offera/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A sign-in identity: customers register themselves; staff and providers are created by an admin. */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  role: Role;

  /** Stored as given; uniqueness is on lower(email). */
  @Column({ type: 'text' })
  email: string;

  /** argon2id; null for a customer an operator registered (cannot sign in). */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
