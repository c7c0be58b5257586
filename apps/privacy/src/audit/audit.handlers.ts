import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AuditEntryView, EventPayload, MessagePayload } from '@offera/contracts';
import { type BullMqContext, HandleEvent, HandleMessage } from '@offera/transport';
import { AuditService } from './audit.service.js';

@Controller()
export class AuditHandlers {
  constructor(private readonly audit: AuditService) {}

  /** Other services report staff access to personal data (customer views, identity-code reveals). */
  @HandleMessage('privacy.record-audit')
  record(
    @Payload() p: MessagePayload<'privacy.record-audit'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<{ id: string }> {
    return this.audit.recordFromPayload(p, ctx?.messageId);
  }

  /** Identity-code reveals and views of a customer's record, reported through the customers outbox. */
  @HandleEvent('customer.staff-accessed')
  staffAccessed(@Payload() e: EventPayload<'customer.staff-accessed'>): Promise<void> {
    return this.audit.recordStaffAccess(e);
  }

  @HandleMessage('privacy.list-audit')
  list(
    @Payload() p: MessagePayload<'privacy.list-audit'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<AuditEntryView[]> {
    return this.audit.list(p, ctx?.messageId);
  }
}
