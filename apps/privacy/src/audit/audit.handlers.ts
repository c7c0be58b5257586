import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { AuditEntryView, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { AuditService } from './audit.service.js';

@Controller()
export class AuditHandlers {
  constructor(private readonly audit: AuditService) {}

  /** Other services report staff access to personal data (customer views, identity-code reveals). */
  @HandleMessage('privacy.record-audit')
  record(@Payload() p: MessagePayload<'privacy.record-audit'>): Promise<{ id: string }> {
    return this.audit.recordFromPayload(p);
  }

  @HandleMessage('privacy.list-audit')
  list(@Payload() p: MessagePayload<'privacy.list-audit'>): Promise<AuditEntryView[]> {
    return this.audit.list(p);
  }
}
