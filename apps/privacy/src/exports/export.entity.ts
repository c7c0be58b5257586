import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An access/portability export, AES-256-GCM encrypted, deleted at `expiresAt`. */
@Entity({ name: 'exports' })
export class ExportEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ type: 'bytea' })
  iv: Buffer;

  @Column({ type: 'bytea' })
  tag: Buffer;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
