import { Injectable } from '@nestjs/common';
import type { StaffRequestView } from '@offera/contracts';
import { DataSource, In } from 'typeorm';
import { Clock } from '../clock.js';
import { DisclosureEntity } from '../disclosures/disclosure.entity.js';
import { RecipientNotificationEntity } from '../disclosures/recipient-notification.entity.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import { PrivacyRequestEntity } from './privacy-request.entity.js';
import { RequestReceiptEntity } from './request-receipt.entity.js';
import { RequestTransitionEntity } from './request-transition.entity.js';
import { requestView } from './request-view.js';

const DAY_MS = 24 * 3600 * 1000;

/** What the DPO sees of a request: its steps, notices owed to recipients and every service's receipt. */
@Injectable()
export class StaffRequestViews {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async of(id: string): Promise<StaffRequestView> {
    const r = await this.db.getRepository(PrivacyRequestEntity).findOneBy({ id });
    if (!r) throw new PrivacyError(PrivacyErrorReason.NotFound, 'Privacy request not found');
    const transitions = await this.db
      .getRepository(RequestTransitionEntity)
      .find({ where: { requestId: id }, order: { id: 'ASC' } });
    const notices = await this.db
      .getRepository(RecipientNotificationEntity)
      .find({ where: { requestId: id }, order: { id: 'ASC' } });
    const disclosures = notices.length
      ? await this.db.getRepository(DisclosureEntity).findBy({ id: In(notices.map((n) => n.disclosureId)) })
      : [];
    const byId = new Map(disclosures.map((d) => [d.id, d]));
    const receipts = await this.db
      .getRepository(RequestReceiptEntity)
      .find({ where: { requestId: id }, order: { service: 'ASC' } });
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      subjectId: r.subjectId,
      cookieId: r.cookieId,
      requestedBy: r.requestedBy,
      verification: r.verification,
      possiblyExcessive: r.possiblyExcessive,
      receivedAt: r.receivedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      extensionMonths: r.extensionMonths,
      extensionReason: r.extensionReason,
      decisionReason: r.decisionReason,
      completedAt: r.completedAt?.toISOString() ?? null,
      daysToDue: Math.floor((r.dueAt.getTime() - this.clock.now().getTime()) / DAY_MS),
      transitions: transitions.map((t) => ({
        from: t.fromStatus,
        to: t.toStatus,
        actor: t.actor,
        note: t.note,
        at: t.at.toISOString(),
      })),
      recipientNotifications: notices.map((n) => {
        const d = byId.get(n.disclosureId);
        return {
          disclosureId: n.disclosureId,
          recipientKind: d?.recipientKind ?? 'unknown',
          recipientName: d?.recipientName ?? 'unknown',
          action: n.action,
          createdAt: n.createdAt.toISOString(),
        };
      }),
      receipts: requestView(r, receipts, null).receipts,
    };
  }
}
