import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, PrivacyNotice } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { NoticeService } from './notice.service.js';

@Controller()
export class NoticeHandlers {
  constructor(private readonly notice: NoticeService) {}

  @HandleMessage('privacy.get-notice')
  get(@Payload() p: MessagePayload<'privacy.get-notice'>): PrivacyNotice {
    return this.notice.notice(p.lang);
  }
}
