import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One cookie-consent choice of a visitor, kept as proof; only its IP is ever cleared. */
@Entity({ name: 'cookie_consents' })
export class CookieConsentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'cookie_id', type: 'text' })
  cookieId: string;

  @Column({ type: 'boolean' })
  analytics: boolean;

  @Column({ type: 'boolean' })
  marketing: boolean;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
