import { Injectable } from '@nestjs/common';
import type { ExportSubjectPayload, SubjectExport } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { ConsentEventEntity } from '../consents/consent-event.entity.js';
import { CookieConsentEntity } from '../consents/cookie-consent.entity.js';
import { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';

/**
 * Art. 20: the consent choices the subject made (marketing, third-party disclosure, and the
 * cookie choices of a cookie id their request names). Not who recorded them, the consent
 * proof's IP address, the request records, the disclosure register or the flags: those are
 * kept under a legal obligation, not consent or contract.
 */
@Injectable()
export class PortabilityExport {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
  ) {}

  async build(p: ExportSubjectPayload): Promise<SubjectExport> {
    const request = await this.db.getRepository(PrivacyRequestEntity).findOneBy({ id: p.requestId });
    const cookieId = request?.cookieId ?? null;
    const [consents, cookies] = await Promise.all([
      this.db
        .getRepository(ConsentEventEntity)
        .find({ where: { subjectRef: this.pseudonym.of(p.subjectId) }, order: { id: 'ASC' } }),
      cookieId
        ? this.db
            .getRepository(CookieConsentEntity)
            .find({ where: { cookieId }, order: { recordedAt: 'ASC' } })
        : Promise.resolve([]),
    ]);
    return {
      service: 'privacy',
      data: {
        consents: consents.map((c) => ({
          purpose: c.purpose,
          granted: c.granted,
          recordedAt: c.recordedAt.toISOString(),
        })),
        cookie_consents: cookies.map((c) => ({
          cookieId: c.cookieId,
          analytics: c.analytics,
          marketing: c.marketing,
          policyVersion: c.policyVersion,
          recordedAt: c.recordedAt.toISOString(),
        })),
      },
    };
  }
}
