import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DisclosureView, ListDisclosuresPayload, RecordDisclosurePayload } from '@offera/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock.js';
import { ConsentsService } from '../consents/consents.service.js';
import { PrivacyError, PrivacyErrorReason } from '../requests/privacy-requests.errors.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { SqlParams } from '../sql.js';
import { DisclosureEntity } from './disclosure.entity.js';
import { isOutsideEea } from './eea.js';
import type { RecipientAction } from './recipient-notification.entity.js';

const view = (d: DisclosureEntity): DisclosureView => ({
  id: d.id,
  recipientKind: d.recipientKind,
  recipientName: d.recipientName,
  purpose: d.purpose,
  categories: d.categories,
  country: d.country,
  outsideEea: d.outsideEea,
  safeguard: d.safeguard,
  disclosedAt: d.disclosedAt.toISOString(),
});

/** The Art. 19 register: who received a subject's data, and the notices owed to them. */
@Injectable()
export class DisclosuresService {
  constructor(
    private readonly db: DataSource,
    private readonly pseudonym: SubjectPseudonym,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `id` (the message's): the same message delivered again finds its disclosure recorded. */
  async record(p: RecordDisclosurePayload, id: string = randomUUID()): Promise<DisclosureView> {
    const country = p.country.toUpperCase();
    const outsideEea = isOutsideEea(country);
    if (outsideEea && !p.safeguard)
      throw new PrivacyError(
        PrivacyErrorReason.SafeguardRequired,
        'A recipient outside the EU/EEA needs a transfer safeguard',
      );
    if (
      p.recipientKind === 'third_party' &&
      !(await this.consents.isGranted(p.subjectId, 'third_party_disclosure'))
    )
      throw new PrivacyError(
        PrivacyErrorReason.ConsentRequired,
        'The subject has not consented to disclosure to third parties',
      );
    const ref = this.pseudonym.of(p.subjectId);
    const entity = await this.db.transaction(async (tx) => {
      const recorded = await tx.getRepository(DisclosureEntity).findOneBy({ id });
      if (recorded) return recorded;
      const saved = await tx.getRepository(DisclosureEntity).save({
        id,
        subjectRef: ref,
        recipientKind: p.recipientKind,
        recipientName: p.recipientName,
        purpose: p.purpose,
        categories: [...p.categories],
        country,
        outsideEea,
        safeguard: p.safeguard ?? null,
        recordedBy: p.actorId,
        disclosedAt: this.clock.now(),
      });
      await this.audit.record(
        {
          actorId: p.actorId,
          actorRole: 'staff',
          action: 'disclosure.recorded',
          subjectRef: ref,
          detail: { disclosureId: saved.id, recipientKind: p.recipientKind },
        },
        tx,
      );
      return saved;
    });
    return view(entity);
  }

  async list(p: ListDisclosuresPayload): Promise<DisclosureView[]> {
    const rows = await this.db
      .getRepository(DisclosureEntity)
      .find({ where: { subjectRef: this.pseudonym.of(p.subjectId) }, order: { disclosedAt: 'ASC' } });
    return rows.map(view);
  }

  /** One notice per recorded recipient of the subject's data (Art. 19); idempotent per request. */
  async notifyRecipients(
    tx: EntityManager,
    requestId: string,
    subjectRef: string,
    action: RecipientAction,
  ): Promise<void> {
    const params = new SqlParams();
    await tx.query(this.notifyRecipientsSql(requestId, subjectRef, action, params), params.values);
  }

  /**
   * `notifyRecipients` as one statement over the caller's parameters, for a caller that writes
   * it with others (the completion of a request); written only if `when` holds.
   */
  notifyRecipientsSql(
    requestId: string,
    subjectRef: string,
    action: RecipientAction,
    params: SqlParams,
    when = 'true',
  ): string {
    return (
      'INSERT INTO recipient_notifications (request_id, disclosure_id, action, created_at) ' +
      `SELECT ${params.add(requestId, 'uuid')}, id, ${params.add(action, 'text')}, ` +
      `${params.add(this.clock.now(), 'timestamptz')} FROM disclosures ` +
      `WHERE subject_ref = ${params.add(subjectRef, 'text')} AND ${when} ORDER BY disclosed_at, id ` +
      'ON CONFLICT (request_id, disclosure_id) DO NOTHING'
    );
  }
}
