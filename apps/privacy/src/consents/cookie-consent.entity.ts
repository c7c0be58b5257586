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

/** A cookie-consent choice as the subject's access export shows it (necessary cookies are always on). */
export const cookieConsentExportRow = (c: CookieConsentEntity) => ({
  cookieId: c.cookieId,
  necessary: true,
  analytics: c.analytics,
  marketing: c.marketing,
  policyVersion: c.policyVersion,
  ip: c.ip,
  recordedAt: c.recordedAt.toISOString(),
});
