import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload, RequestStatus } from '@offera/contracts';
import { BullMqContext, HandleEvent } from '@offera/transport';
import { MessagesService } from '../messages/messages.service.js';
import type { TemplateName } from '../templates/templates.js';
import { ContactSeal } from './contact-seal.js';
import { RequestNoticesService } from './request-notices.service.js';

/** A due date moved by more than this is an extension the subject is told about. */
const EXTENSION_THRESHOLD_MS = 24 * 3600 * 1000;

/**
 * Tells subjects about their privacy requests: receipt, extension, rejection (with the right
 * to complain), outcome, export links and verification codes.
 *
 * An erasure's outcome is sent after the customers service has erased the subject's contact
 * details, so the erasure flow has this service seal a snapshot of the address, first name and
 * language before that (`notifications.seal-erasure-contact`); the outcome notice is sent from
 * it and the snapshot deleted at once.
 */
@Controller()
export class PrivacyEventsHandlers {
  constructor(
    private readonly messages: MessagesService,
    private readonly seal: ContactSeal,
    private readonly notices: RequestNoticesService,
  ) {}

  @HandleEvent('privacy-request.status-changed')
  async onStatus(
    @Payload() e: EventPayload<'privacy-request.status-changed'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    const terminal = e.status === 'completed' || e.status === 'rejected';
    const dueAt = new Date(e.dueAt);
    // Known requests are read and, if extended, moved in one statement.
    let notice = await this.notices.extendDue(e.requestId, dueAt, EXTENSION_THRESHOLD_MS, ctx.messageId);
    // A completed erasure no longer names its subject (the privacy service has pseudonymised
    // the request); the notice recorded while it was in progress still does.
    const subjectId = e.subjectId ?? notice?.subjectId;
    if (!subjectId) return; // no account to write to
    if (!notice && !terminal) {
      // Recorded now with this due date, so not extended; if another event recorded it meanwhile, look again.
      if (await this.notices.remember(e.requestId, subjectId, e.type, dueAt))
        notice = { extended: false, subjectId };
      else notice = await this.notices.extendDue(e.requestId, dueAt, EXTENSION_THRESHOLD_MS, ctx.messageId);
    }
    const params = { requestId: e.requestId, requestType: e.type, dueAt: e.dueAt, reason: e.reason };
    // Events from before `entered` existed named the one status entered.
    const entered: readonly RequestStatus[] = Array.isArray(e.entered) ? e.entered : [e.status];
    const templates: TemplateName[] = [];
    if (notice?.extended) templates.push('privacy-request-extended');
    // An erasure carried out at once (a signed-in subject's) gets no receipt: the outcome notice
    // follows within moments, and their account is about to be erased under the receipt.
    const erasingAtOnce = e.type === 'erasure' && entered.includes('in_progress');
    if (entered.includes('received') && !erasingAtOnce) templates.push('privacy-request-received');
    if (entered.includes('rejected')) templates.push('privacy-request-rejected');
    // An erasure's outcome is told with its one-time link (`privacy-request.link-issued`); access
    // and portability are answered by the export-ready message or link.
    if (entered.includes('completed') && !['erasure', 'access', 'portability'].includes(e.type))
      templates.push('privacy-request-completed');
    await this.messages.queue(
      ctx.messageId,
      templates.map((template) => ({ recipientId: subjectId, template, channel: 'email' as const, params })),
    );
    // A rejected erasure needs no snapshot any more (the subject's details are not erased).
    if (e.status === 'rejected') await this.notices.forgetContact(e.requestId);
  }

  @HandleEvent('privacy-export.ready')
  async onExportReady(
    @Payload() e: EventPayload<'privacy-export.ready'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.subjectId,
        template: 'privacy-export-ready',
        channel: 'email',
        params: { requestId: e.requestId, expiresAt: e.expiresAt },
      },
    ]);
  }

  /**
   * A one-time link: an erasure's outcome (what was withheld, why and until when, and the link to
   * the receipts), or an export for a requester without an account. It goes to the address the
   * requester gave in their letter, else the one on file, else (an erasure) the one sealed
   * before the account was erased. The token and a given address wait sealed in the message.
   */
  @HandleEvent('privacy-request.link-issued')
  async onLinkIssued(
    @Payload() e: EventPayload<'privacy-request.link-issued'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    const recipientId =
      e.contact || e.subjectId
        ? // A requester known only by the address they gave has no id: the request stands in.
          (e.subjectId ?? e.requestId)
        : await this.notices.subjectOf(e.requestId);
    if (!recipientId) return; // nobody to write to: staff post the outcome
    await this.messages.queue(ctx.messageId, [
      {
        recipientId,
        template: e.purpose === 'receipts' ? 'privacy-erasure-completed' : 'privacy-export-link',
        channel: 'email',
        params: {
          requestId: e.requestId,
          requestType: e.type,
          expiresAt: e.expiresAt,
          withheld: JSON.stringify(
            e.withheld.map(({ category, basis, until, count }) => ({ category, basis, until, count })),
          ),
          sealedToken: this.seal.sealToken(e.requestId, e.token),
          ...(e.contact
            ? {
                sealedContact: this.seal.seal(e.requestId, {
                  email: e.contact.email,
                  firstName: '',
                  language: e.contact.language,
                }),
              }
            : {}),
        },
      },
    ]);
  }

  @HandleEvent('privacy-request.verification-code-issued')
  async onVerificationCode(
    @Payload() e: EventPayload<'privacy-request.verification-code-issued'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.subjectId,
        template: 'privacy-verification-code',
        channel: 'email',
        // Sealed while it waits; removed once the message is done with.
        params: {
          requestId: e.requestId,
          expiresAt: e.expiresAt,
          sealedCode: this.seal.sealCode(e.requestId, e.code),
        },
      },
    ]);
  }
}
