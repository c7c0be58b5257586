import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErrorCode, type EventPayload, type MessagePayload, type MessageResult } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { type BullMqContext, DomainError, HandleEvent, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { AddressHasher } from './address-hash.js';
import { MarketingCampaigns } from './marketing-campaigns.service.js';
import { MarketingService } from './marketing.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RECIPIENTS = 1000;

/** Marketing permissions from the privacy service's events, and the staff-triggered send. */
@Controller()
export class MarketingHandlers {
  constructor(
    private readonly db: DataSource,
    private readonly marketing: MarketingService,
    private readonly hasher: AddressHasher,
    private readonly campaigns: MarketingCampaigns,
  ) {}

  @HandleEvent('consent.changed')
  async onConsent(@Payload() e: EventPayload<'consent.changed'>): Promise<void> {
    if (e.purpose !== 'marketing') return;
    await this.marketing.setConsent(e.subjectId, e.granted, e.occurredAt);
  }

  @HandleEvent('subject.restriction-changed')
  async onRestriction(@Payload() e: EventPayload<'subject.restriction-changed'>): Promise<void> {
    await this.marketing.setRestricted(e.subjectId, e.restricted, e.occurredAt);
  }

  @HandleEvent('subject.marketing-objected')
  async onObjection(@Payload() e: EventPayload<'subject.marketing-objected'>): Promise<void> {
    await this.marketing.objected(e.subjectId, e.occurredAt);
  }

  @HandleMessage('notifications.unsubscribe')
  async unsubscribe(
    @Payload() p: MessagePayload<'notifications.unsubscribe'>,
  ): Promise<MessageResult<'notifications.unsubscribe'>> {
    const subjectId =
      typeof p?.token === 'string' && typeof p.confirm === 'boolean'
        ? this.hasher.openUnsubscribe(p.token)
        : null;
    if (!subjectId)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'This unsubscribe link is not valid',
        'INVALID_UNSUBSCRIBE_LINK',
      );
    if (!p.confirm) return { unsubscribed: await this.marketing.isUnsubscribed(subjectId) };
    await this.marketing.unsubscribe(subjectId);
    return { unsubscribed: true };
  }

  /**
   * The same send delivered again (its answer lost) answers with the first delivery's counts: each
   * recipient is queued once per campaign anyway, so run again it would count them all skipped.
   */
  @HandleMessage('notifications.send-marketing')
  async send(
    @Payload() p: MessagePayload<'notifications.send-marketing'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'notifications.send-marketing'>> {
    const ids: unknown = p?.recipientIds;
    if (typeof p?.campaignId !== 'string' || !UUID.test(p.campaignId))
      throw new DomainError(ErrorCode.ValidationFailed, 'campaignId must be a UUID');
    const once = (work: () => Promise<MessageResult<'notifications.send-marketing'>>) =>
      answerOnce(this.db, ctx?.messageId, 'notifications.send-marketing', work);
    if (ids === undefined) return once(() => this.campaigns.sendToAllConsenting(p.campaignId));
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > MAX_RECIPIENTS ||
      !ids.every((id) => typeof id === 'string' && UUID.test(id))
    )
      throw new DomainError(ErrorCode.ValidationFailed, `recipientIds must be 1 to ${MAX_RECIPIENTS} UUIDs`);
    return once(() => this.campaigns.send(p.campaignId, ids as string[]));
  }
}
