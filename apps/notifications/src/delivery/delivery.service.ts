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
import type {
  MessageChannel,
  MessageKind,
  MessageParams,
  MessageStatus,
} from '../messages/outgoing-message.entity.js';
import { OrderMessageSequencer } from '../orders/order-message-sequencer.js';
import { ContactSeal } from '../privacy/contact-seal.js';
import { isTemplateName, render, type Rendered } from '../templates/templates.js';
import { ContactLookup } from './contact-lookup.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';

/** The message as claimed for one attempt, with what the checks before sending need. */
interface ClaimedMessage {
  readonly id: string;
  readonly recipientId: string;
  readonly template: string;
  readonly channel: MessageChannel;
  readonly kind: MessageKind;
  readonly params: MessageParams;
  /** This attempt's number. */
  readonly attempts: number;
  /** Whether processing of the recipient's data was restricted (Art. 18) when claimed. */
  readonly restricted: boolean;
}

/**
 * Takes the message for this attempt and reads it, with the recipient's restriction flag (a
 * primary-key probe), in one statement; a message already finished is not sent again.
 */
const CLAIM_SQL = `
  UPDATE outgoing_messages m SET status = 'sending', attempts = attempts + 1, updated_at = now()
   WHERE id = $1 AND status IN ('pending', 'sending')
   RETURNING id, recipient_id AS "recipientId", template, channel, kind, params, attempts,
     EXISTS (SELECT 1 FROM marketing_preferences p WHERE p.subject_id = m.recipient_id AND p.restricted)
       AS restricted`;

/**
 * Sets the message's outcome and, when there was an attempt, records it, in one statement. A
 * message deleted meanwhile (its subject erased) updates nothing, and so records nothing.
 */
const SETTLE_SQL = `
  WITH m AS (
    UPDATE outgoing_messages
       SET status = $2::text, last_error = $3::text, updated_at = now(),
           sent_at = CASE WHEN $2::text = 'sent' THEN now() ELSE sent_at END,
           params = CASE WHEN $4::boolean
                    THEN params - 'sealedCode' - 'sealedToken' - 'sealedContact' ELSE params END
     WHERE id = $1::uuid
    RETURNING id
  )
  INSERT INTO delivery_attempts (message_id, attempt, outcome, code)
  SELECT id, $5::integer, $6::text, $3::text FROM m WHERE $6::text IS NOT NULL`;

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
    private readonly sequencer: OrderMessageSequencer,
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
      const attempt = failure.permanent ? 'permanent' : 'transient';
      if (failure.permanent) return this.finish(message, 'failed', failure.code, attempt);
      if (finalAttempt) await this.finish(message, 'failed', failure.code, attempt);
      else await this.settle(message, 'pending', failure.code, attempt, false);
      this.log.warn(`Delivery of ${message.id} failed (${failure.code}); attempt ${message.attempts}`);
      throw failure;
    }
    if (outcome !== 'sent') return this.finish(message, 'cancelled', outcome.cancelled, null);
    return this.finish(message, 'sent', null, 'sent');
  }

  /** Resolves, checks, renders and sends; says why not when the message must not go. */
  private async attempt(message: ClaimedMessage): Promise<'sent' | { readonly cancelled: string }> {
    if (!isTemplateName(message.template)) return { cancelled: 'unknown_template' };
    const recipient = await this.recipient(message);
    if (!recipient) return { cancelled: 'recipient_gone' };
    if (message.kind === 'marketing') {
      const why = await this.eligibility.check(message.recipientId, recipient.email);
      if (why) return { cancelled: why };
    } else if (!message.template.startsWith('privacy-') && message.restricted) {
      // Art. 18: while restricted the data is only stored. Messages about the subject's own
      // privacy requests still go: telling them is part of handling the request.
      return { cancelled: 'restricted' };
    }
    // About an order: never an earlier state's message after a later one's (the later state wins).
    if (await this.sequencer.superseded(message)) return { cancelled: 'superseded' };
    // SMS is an extra for reminders; an offer must reach the provider, so it falls back to email.
    if (message.channel === 'sms' && !recipient.phone && message.template !== 'new-offer')
      return { cancelled: 'no_phone' };
    const providerId = message.params.providerId;
    const provider =
      message.template === 'provider-assigned' && typeof providerId === 'string'
        ? await this.contacts.find(providerId)
        : null;
    // One link per message: the same in its text, its HTML and its List-Unsubscribe header.
    const unsubscribeUrl =
      message.kind === 'marketing'
        ? this.hasher.unsubscribeUrl(message.recipientId, recipient.language)
        : undefined;
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
      unsubscribeUrl,
      code: this.code(message),
      linkToken: this.linkToken(message),
    });
    await this.send(message, recipient, rendered, unsubscribeUrl);
    return 'sent';
  }

  private async claim(id: string): Promise<ClaimedMessage | null> {
    const [rows] = await this.db.query<[ClaimedMessage[], number]>(CLAIM_SQL, [id]);
    return rows[0] ?? null;
  }

  private async recipient(message: ClaimedMessage): Promise<Recipient | null> {
    const given = message.params.sealedContact;
    if (typeof given === 'string') {
      // The address a requester without an account gave in their letter.
      const c = this.seal.open(String(message.params.requestId ?? ''), given);
      return { email: c.email, phone: null, firstName: c.firstName, language: c.language };
    }
    if (message.template === 'privacy-erasure-completed') {
      // The customers service has erased the subject by now: use the snapshot sealed at receipt.
      const requestId = String(message.params.requestId ?? '');
      const [notice] = await this.db.query<{ sealed_contact: string | null }[]>(
        `SELECT sealed_contact FROM request_notices WHERE request_id = $1`,
        [requestId],
      );
      if (!notice?.sealed_contact) return null;
      const c = this.seal.open(requestId, notice.sealed_contact);
      return { email: c.email, phone: null, firstName: c.firstName, language: c.language };
    }
    const c = await this.contacts.find(message.recipientId);
    return c ? { email: c.email, phone: c.phone, firstName: c.firstName, language: c.language } : null;
  }

  private code(message: ClaimedMessage): string | undefined {
    const sealed = message.params.sealedCode;
    if (message.template !== 'privacy-verification-code' || typeof sealed !== 'string') return undefined;
    return this.seal.openCode(String(message.params.requestId ?? ''), sealed);
  }

  private linkToken(message: ClaimedMessage): string | undefined {
    const sealed = message.params.sealedToken;
    if (typeof sealed !== 'string') return undefined;
    return this.seal.openToken(String(message.params.requestId ?? ''), sealed);
  }

  private async send(
    message: ClaimedMessage,
    to: Recipient,
    content: Rendered,
    unsubscribeUrl: string | undefined,
  ): Promise<void> {
    if (message.channel === 'sms') {
      if (to.phone) return this.sms.send(to.phone, content.sms, message.id);
      // No phone on file: the message goes by email instead.
      await this.db.query(`UPDATE outgoing_messages SET channel = 'email' WHERE id = $1`, [message.id]);
    }
    await this.email.send({
      id: message.id,
      to: to.email,
      subject: content.subject,
      text: content.text,
      html: content.html,
      // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to the link.
      headers: unsubscribeUrl
        ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : undefined,
    });
  }

  /** Sets the status (and the error code) and records the attempt, if there was one, together. */
  private async settle(
    message: ClaimedMessage,
    status: MessageStatus,
    code: string | null,
    attempt: AttemptOutcome | null,
    dropCode: boolean,
  ): Promise<void> {
    await this.db.query(SETTLE_SQL, [message.id, status, code, dropCode, message.attempts, attempt]);
  }

  private async finish(
    message: ClaimedMessage,
    status: 'sent' | 'failed' | 'cancelled',
    code: string | null,
    attempt: AttemptOutcome | null,
  ): Promise<DeliverMessageResult> {
    if (message.template === 'privacy-erasure-completed') {
      // The subject is erased: neither the snapshot nor a record of this last message (nor of
      // its attempts) stays. Both go in one statement.
      await this.db.query(
        `WITH notice AS (DELETE FROM request_notices WHERE request_id = $2)
         DELETE FROM outgoing_messages WHERE id = $1`,
        [message.id, String(message.params.requestId ?? '')],
      );
      return { status };
    }
    // A one-time code or link is a credential, and a given address personal data: neither is
    // kept once its message is done with.
    const { sealedCode, sealedToken, sealedContact } = message.params;
    await this.settle(message, status, code, attempt, Boolean(sealedCode || sealedToken || sealedContact));
    return { status };
  }
}
