import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ConsentsView, CookieConsentView, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { ConsentsService } from './consents.service.js';

@Controller()
export class ConsentsHandlers {
  constructor(private readonly consents: ConsentsService) {}

  @HandleMessage('privacy.record-cookie-consent')
  cookie(@Payload() p: MessagePayload<'privacy.record-cookie-consent'>): Promise<CookieConsentView> {
    return this.consents.recordCookieConsent(p);
  }

  @HandleMessage('privacy.get-consents')
  get(@Payload() p: MessagePayload<'privacy.get-consents'>): Promise<ConsentsView> {
    return this.consents.get(p);
  }

  @HandleMessage('privacy.set-consents')
  set(@Payload() p: MessagePayload<'privacy.set-consents'>): Promise<ConsentsView> {
    return this.consents.set(p);
  }
}
