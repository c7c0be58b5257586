import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../config.js';
import { classifySmtpError, DeliveryFailure } from './delivery-failure.js';

export interface EmailContent {
  /** The outgoing message's id: its Message-ID, the same on every attempt. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

// A pragmatic check: anything nodemailer or the server would refuse as an address.
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** Email over SMTP with a pooled connection; host, port, TLS and credentials from config. */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: NotificationsConfig) {
    // Message-IDs in the sender's own domain (RFC 5322 §3.6.4).
    this.domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'localhost';
    const url = new URL(config.smtpUrl);
    const secure = url.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: config.smtpMaxConnections,
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      requireTLS: !secure && config.smtpRequireTls,
      auth: config.smtpUser ? { user: config.smtpUser, pass: config.smtpPassword } : undefined,
      tls: { rejectUnauthorized: config.smtpTlsRejectUnauthorized },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
    });
  }

  async send(mail: EmailContent): Promise<void> {
    if (!ADDRESS.test(mail.to)) throw new DeliveryFailure(true, 'invalid_address');
    try {
      await this.transport.sendMail({
        // A retry after a lost answer carries the same Message-ID, by which mail systems drop
        // the duplicate.
        messageId: `<${mail.id}@${this.domain}>`,
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers ? { ...mail.headers } : undefined,
      });
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
