import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { RequestNoticesService } from './request-notices.service.js';

/**
 * An erasure flow's step that the customers service's erasure waits for: the subject's address
 * is sealed here first, so the outcome notice can still reach them. Safe to run again.
 */
@Controller()
export class SealErasureContactHandler {
  constructor(private readonly notices: RequestNoticesService) {}

  @HandleMessage('notifications.seal-erasure-contact')
  async seal(
    @Payload() p: MessagePayload<'notifications.seal-erasure-contact'>,
  ): Promise<MessageResult<'notifications.seal-erasure-contact'>> {
    return { sealed: await this.notices.sealContact(p.requestId, p.subjectId, new Date(p.dueAt)) };
  }
}
