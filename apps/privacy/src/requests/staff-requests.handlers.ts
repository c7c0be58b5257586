import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, StaffRequestView, VerificationCodeIssued } from '@offera/contracts';
import { type BullMqContext, derivedRowId, derivedRowIdFrom, HandleMessage } from '@offera/transport';
import { StaffRequestsService } from './staff-requests.service.js';

/** The DPO's handling of requests (the gateway lets only the `dpo` role call these). */
@Controller()
export class StaffRequestsHandlers {
  constructor(private readonly staff: StaffRequestsService) {}

  @HandleMessage('privacy.staff-create-request')
  create(
    @Payload() p: MessagePayload<'privacy.staff-create-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<StaffRequestView> {
    // A client's retry with the same Idempotency-Key (a new message) names the same request.
    const id = p.requestKey
      ? derivedRowId(p.requestKey, 'privacy-request')
      : derivedRowIdFrom(ctx, 'privacy-request');
    return this.staff.create(p, id);
  }

  @HandleMessage('privacy.list-requests')
  list(@Payload() p: MessagePayload<'privacy.list-requests'>): Promise<StaffRequestView[]> {
    return this.staff.list(p);
  }

  @HandleMessage('privacy.staff-get-request')
  get(@Payload() p: MessagePayload<'privacy.staff-get-request'>): Promise<StaffRequestView> {
    return this.staff.get(p);
  }

  @HandleMessage('privacy.issue-verification-code')
  issueCode(
    @Payload() p: MessagePayload<'privacy.issue-verification-code'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<VerificationCodeIssued> {
    return this.staff.issueCode(p, ctx.messageId);
  }

  @HandleMessage('privacy.verify-request')
  verify(
    @Payload() p: MessagePayload<'privacy.verify-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<StaffRequestView> {
    return this.staff.verify(p, ctx.messageId);
  }

  @HandleMessage('privacy.approve-request')
  approve(@Payload() p: MessagePayload<'privacy.approve-request'>): Promise<StaffRequestView> {
    return this.staff.approve(p);
  }

  @HandleMessage('privacy.reject-request')
  reject(
    @Payload() p: MessagePayload<'privacy.reject-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<StaffRequestView> {
    return this.staff.reject(p, ctx.messageId);
  }

  @HandleMessage('privacy.extend-request')
  extend(
    @Payload() p: MessagePayload<'privacy.extend-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<StaffRequestView> {
    return this.staff.extend(p, ctx.messageId);
  }

  @HandleMessage('privacy.retry-request')
  retry(
    @Payload() p: MessagePayload<'privacy.retry-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<StaffRequestView> {
    return this.staff.retry(p, ctx.messageId);
  }
}
