import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { DeliverMessageResult } from '@offera/contracts';
import { RemoteError } from '@offera/transport';
import { DataSource } from 'typeorm';
import { DeliveryFailure } from '../channels/delivery-failure.js';
import { EmailChannel } from '../channels/email.channel.js';
import { SmsChannel } from '../channels/sms.channel.js';
import type { NotificationsConfig } from '../config.js';
import { AddressHasher } from '../marketing/address-hash.js';
import { MarketingEligibility } from '../marketing/marketing-eligibility.js';
import { OutgoingMessageEntity } from '../messages/outgoing-message.entity.js';
import { ContactSeal } from '../privacy/contact-seal.js';
import { RequestNoticeEntity } from '../privacy/request-notice.entity.js';
import { isTemplateName, render, type Rendered } from '../templates/templates.js';
import { ContactLookup } from './contact-lookup.js';
import { DeliveryAttemptEntity } from './delivery-attempt.entity.js';

interface Recipient {
  readonly email: string;
  readonly phone: string | null;
  readonly firstName: string;
  readonly language: 'fi' | 'en';
}

/**
 * Delivers one recorded message: resolves the recipient at send time (nothing personal waits
 * in a queue), renders it in their language, sends it, and records the attempt. Permanent
 * failures end the message; transient ones throw so the job is retried with backoff.
 */
@Injectable()
export class DeliveryService {
  private readonly log = new Logger('Delivery');

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: NotificationsConfig,
    private readonly contacts: ContactLookup,
    private readonly email: EmailChannel,
    private readonly sms: SmsChannel,
    private readonly eligibility: MarketingEligibility,
    private readonly hasher: AddressHasher,
    private readonly seal: ContactSeal,
  ) {}

  async deliver(messageId: string, finalAttempt: boolean): Promise<DeliverMessageResult> {
    const message = await this.claim(messageId);
    if (!message) return { status: 'skipped' };
    let outcome: 'sent' | { readonly cancelled: string };
    try {
      outcome = await this.attempt(message);
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : // The customers service did not answer, or something else went wrong: try again later.
            new DeliveryFailure(false, error instanceof RemoteError ? `lookup_${error.code}` : 'unexpected');
      await this.record(message, failure.permanent ? 'permanent' : 'transient', failure.code);
      if (failure.permanent) return this.finish(message, 'failed', failure.code);
      if (finalAttempt) await this.finish(message, 'failed', failure.code);
      else await this.setStatus(message.id, 'pending', failure.code);
      this.log.warn(`Delivery of ${message.id} failed (${failure.code}); attempt ${message.attempts}`);
      throw failure;
    }
    if (outcome !== 'sent') return this.finish(message, 'cancelled', outcome.cancelled);
    await this.record(message, 'sent', null);
    return this.finish(message, 'sent', null);
  }

  /** Resolves, checks, renders and sends; says why not when the message must not go. */
  private async attempt(message: OutgoingMessageEntity): Promise<'sent' | { readonly cancelled: string }> {
    if (!isTemplateName(message.template)) return { cancelled: 'unknown_template' };
    const recipient = await this.recipient(message);
    if (!recipient) return { cancelled: 'recipient_gone' };
    if (message.kind === 'marketing') {
      const why = await this.eligibility.check(message.recipientId, recipient.email);
      if (why) return { cancelled: why };
    } else if (
      !message.template.startsWith('privacy-') &&
      (await this.eligibility.isRestricted(message.recipientId))
    ) {
      // Art. 18: while restricted the data is only stored. Messages about the subject's own
      // privacy requests still go: telling them is part of handling the request.
      return { cancelled: 'restricted' };
    }
    // SMS is an extra for reminders; an offer must reach the provider, so it falls back to email.
    if (message.channel === 'sms' && !recipient.phone && message.template !== 'new-offer')
      return { cancelled: 'no_phone' };
    const providerId = message.params.providerId;
    const provider =
      message.template === 'provider-assigned' && typeof providerId === 'string'
        ? await this.contacts.find(providerId)
        : null;
    const rendered = render({
      template: message.template,
      language: recipient.language,
      firstName: recipient.firstName,
      params: message.params,
      providerFirstName: provider?.firstName,
      controller: {
        name: this.config.controllerName,
        businessId: this.config.controllerBusinessId,
        address: this.config.controllerAddress,
        email: this.config.controllerEmail,
      },
      webBaseUrl: this.config.webBaseUrl,
      unsubscribeUrl:
        message.kind === 'marketing' ? this.hasher.unsubscribeUrl(message.recipientId) : undefined,
      code: this.code(message),
    });
    await this.send(message, recipient, rendered);
    return 'sent';
  }

  /** Takes the message for this attempt; a message already finished is not sent again. */
  private async claim(id: string): Promise<OutgoingMessageEntity | null> {
    const [rows] = await this.db.query<[{ id: string }[], number]>(
      `UPDATE outgoing_messages SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'sending') RETURNING id`,
      [id],
    );
    if (!rows.length) return null;
    return this.db.getRepository(OutgoingMessageEntity).findOneBy({ id });
  }

  private async recipient(message: OutgoingMessageEntity): Promise<Recipient | null> {
    if (message.template === 'privacy-erasure-completed') {
      // The customers service has erased the subject by now: use the snapshot sealed at receipt.
      const requestId = String(message.params.requestId ?? '');
      const notice = await this.db.getRepository(RequestNoticeEntity).findOneBy({ requestId });
      if (!notice?.sealedContact) return null;
      const c = this.seal.open(requestId, notice.sealedContact);
      return { email: c.email, phone: null, firstName: c.firstName, language: c.language };
    }
    const c = await this.contacts.find(message.recipientId);
    return c ? { email: c.email, phone: c.phone, firstName: c.firstName, language: c.language } : null;
  }

  private code(message: OutgoingMessageEntity): string | undefined {
    const sealed = message.params.sealedCode;
    if (message.template !== 'privacy-verification-code' || typeof sealed !== 'string') return undefined;
    return this.seal.openCode(String(message.params.requestId ?? ''), sealed);
  }

  private async send(message: OutgoingMessageEntity, to: Recipient, content: Rendered): Promise<void> {
    if (message.channel === 'sms') {
      if (to.phone) return this.sms.send(to.phone, content.sms);
      // No phone on file: the message goes by email instead.
      await this.db.getRepository(OutgoingMessageEntity).update({ id: message.id }, { channel: 'email' });
    }
    await this.email.send({
      to: to.email,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers:
        message.kind === 'marketing'
          ? { 'List-Unsubscribe': `<${this.hasher.unsubscribeUrl(message.recipientId)}>` }
          : undefined,
    });
  }

  private async record(
    message: OutgoingMessageEntity,
    outcome: DeliveryAttemptEntity['outcome'],
    code: string | null,
  ): Promise<void> {
    // The subject may have been erased while this attempt ran (the message row deleted with
    // them): then there is nothing to record, rather than a foreign-key failure and a retry.
    await this.db.query(
      `INSERT INTO delivery_attempts (message_id, attempt, outcome, code)
       SELECT id, $2, $3, $4 FROM outgoing_messages WHERE id = $1`,
      [message.id, message.attempts, outcome, code],
    );
  }

  private async setStatus(
    id: string,
    status: OutgoingMessageEntity['status'],
    code: string | null,
  ): Promise<void> {
    await this.db.getRepository(OutgoingMessageEntity).update(
      { id },
      {
        status,
        lastError: code,
        updatedAt: new Date(),
        ...(status === 'sent' ? { sentAt: new Date() } : {}),
      },
    );
  }

  private async finish(
    message: OutgoingMessageEntity,
    status: 'sent' | 'failed' | 'cancelled',
    code: string | null,
  ): Promise<DeliverMessageResult> {
    if (message.template === 'privacy-erasure-completed') {
      // The subject is erased: neither the snapshot nor a record of this last message stays.
      await this.db.transaction(async (tx) => {
        await tx
          .getRepository(RequestNoticeEntity)
          .delete({ requestId: String(message.params.requestId ?? '') });
        await tx.getRepository(OutgoingMessageEntity).delete({ id: message.id });
      });
      return { status };
    }
    await this.setStatus(message.id, status, code);
    if (message.params.sealedCode) {
      // A one-time code is a credential: it is not kept once its message is done with.
      const { sealedCode: _code, ...params } = message.params;
      await this.db.getRepository(OutgoingMessageEntity).update({ id: message.id }, { params });
    }
    return { status };
  }
}
