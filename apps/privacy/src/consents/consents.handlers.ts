import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ConsentsView, CookieConsentView, MessagePayload } from '@offera/contracts';
import { type BullMqContext, HandleMessage, rowIdFrom } from '@offera/transport';
import { ConsentsService } from './consents.service.js';

@Controller()
export class ConsentsHandlers {
  constructor(private readonly consents: ConsentsService) {}

  @HandleMessage('privacy.record-cookie-consent')
  cookie(
    @Payload() p: MessagePayload<'privacy.record-cookie-consent'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<CookieConsentView> {
    return this.consents.recordCookieConsent(p, rowIdFrom(ctx));
  }

  @HandleMessage('privacy.get-consents')
  get(@Payload() p: MessagePayload<'privacy.get-consents'>): Promise<ConsentsView> {
    return this.consents.get(p);
  }

  @HandleMessage('privacy.set-consents')
  set(
    @Payload() p: MessagePayload<'privacy.set-consents'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<ConsentsView> {
    return this.consents.set(p, ctx.messageId);
  }
}
