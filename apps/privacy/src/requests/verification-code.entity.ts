import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The hash of a one-time code sent to the subject; never the code itself. */
@Entity({ name: 'verification_codes' })
export class VerificationCodeEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'attempts_left', type: 'integer' })
  attemptsLeft: number;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}
