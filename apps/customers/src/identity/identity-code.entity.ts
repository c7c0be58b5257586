import type { IdentityCodePurpose } from '@offera/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A customer's identity code: ciphertext with its key id, and a keyed blind index for uniqueness. */
@Entity({ name: 'identity_codes' })
export class IdentityCodeEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  /** iv | tag | AES-256-GCM ciphertext. */
  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  /** HMAC-SHA256 (hex) of the canonical code under BLIND_INDEX_KEY; never a plain hash. */
  @Column({ name: 'blind_index', type: 'text' })
  blindIndex: string;

  @Column({ type: 'text' })
  purpose: IdentityCodePurpose;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
