import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  MessagePayload,
  PrivacyRequestView,
  SubjectExportDocument,
  SubjectVerifyResult,
} from '@offera/contracts';
import { BullMqContext, derivedRowId, derivedRowIdFrom, HandleMessage } from '@offera/transport';
import { RequestExecution } from '../execution/request-execution.service.js';
import { ExportsService } from '../exports/exports.service.js';
import { PrivacyRequestsService } from './privacy-requests.service.js';
import { requestView } from './request-view.js';
import { StaffRequestsService } from './staff-requests.service.js';

/** The subject's side of requests, and the parents of the request flows. */
@Controller()
export class PrivacyRequestsHandlers {
  constructor(
    private readonly requests: PrivacyRequestsService,
    private readonly staff: StaffRequestsService,
    private readonly execution: RequestExecution,
    private readonly exports: ExportsService,
  ) {}

  @HandleMessage('privacy.create-request')
  create(
    @Payload() p: MessagePayload<'privacy.create-request'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<PrivacyRequestView> {
    // A client's retry with the same Idempotency-Key (a new message) names the same request.
    const id = p.requestKey
      ? derivedRowId(p.requestKey, 'privacy-request')
      : derivedRowIdFrom(ctx, 'privacy-request');
    return this.requests.create(p, id);
  }

  @HandleMessage('privacy.get-request')
  get(@Payload() p: MessagePayload<'privacy.get-request'>): Promise<PrivacyRequestView> {
    return this.requests.viewFor(p.requestId, p.subjectId);
  }

  @HandleMessage('privacy.verify-by-code')
  verify(
    @Payload() p: MessagePayload<'privacy.verify-by-code'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<SubjectVerifyResult> {
    return this.staff.verifyBySubject(p, ctx.messageId);
  }

  @HandleMessage('privacy.get-export')
  export(@Payload() p: MessagePayload<'privacy.get-export'>): Promise<SubjectExportDocument> {
    return this.exports.download(p.requestId, p.subjectId);
  }

  /** The parent of an erasure flow: runs once every service's child job has completed. */
  @HandleMessage('privacy.erasure-completed')
  async completed(
    @Payload() p: MessagePayload<'privacy.erasure-completed'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<PrivacyRequestView> {
    const done = await this.execution.finish(p.requestId, ctx.childResults);
    // An erasure has no export: its view is what was just written, without reading it back.
    return done ? requestView(done.request, done.receipts, null) : this.requests.view(p.requestId);
  }

  /** The parent of the other request flows. */
  @HandleMessage('privacy.request-executed')
  async executed(
    @Payload() p: MessagePayload<'privacy.request-executed'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<PrivacyRequestView> {
    await this.execution.finish(p.requestId, ctx.childResults);
    return this.requests.view(p.requestId);
  }
}
