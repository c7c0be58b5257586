import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload, PrivacyRequestView } from '@offera/contracts';
import { BullMqContext, HandleMessage } from '@offera/transport';
import { PrivacyRequestsService } from './privacy-requests.service.js';

@Controller()
export class PrivacyRequestsHandlers {
  constructor(private readonly requests: PrivacyRequestsService) {}

  @HandleMessage('privacy.create-request')
  create(@Payload() p: MessagePayload<'privacy.create-request'>): Promise<PrivacyRequestView> {
    return this.requests.create(p);
  }

  @HandleMessage('privacy.get-request')
  get(@Payload() p: MessagePayload<'privacy.get-request'>): Promise<PrivacyRequestView> {
    return this.requests.viewFor(p.requestId, p.subjectId);
  }

  /** The parent of an erasure flow: runs once every service's child job has completed. */
  @HandleMessage('privacy.erasure-completed')
  completed(
    @Payload() p: MessagePayload<'privacy.erasure-completed'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<PrivacyRequestView> {
    return this.requests.complete(p.requestId, ctx.childResults);
  }

  @HandleMessage('privacy.erase-subject')
  erase(@Payload() p: MessagePayload<'privacy.erase-subject'>): Promise<ErasureReceipt> {
    return this.requests.eraseSubject(p.subjectId);
  }
}
