import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { NotificationsConfig } from '../config.js';
import { classifyHttpStatus, DeliveryFailure } from './delivery-failure.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** SMS through an HTTP provider: POST JSON `{to, from, text}` with the key as a bearer token. */
@Injectable()
export class SmsChannel {
  constructor(@Inject(APP_CONFIG) private readonly config: NotificationsConfig) {}

  /** `id`: the outgoing message's, sent as the Idempotency-Key so a retry is not a second SMS. */
  async send(to: string, text: string, id: string): Promise<void> {
    if (!E164.test(to)) throw new DeliveryFailure(true, 'invalid_phone');
    let status: number;
    try {
      const res = await fetch(this.config.smsApiUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.config.smsApiKey}`,
          'content-type': 'application/json',
          'idempotency-key': id,
        },
        body: JSON.stringify({ to, from: this.config.smsSender, text }),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (error) {
      const name = error instanceof Error ? error.name : 'unknown';
      throw new DeliveryFailure(false, name === 'TimeoutError' ? 'timeout' : 'network');
    }
    if (status < 200 || status >= 300) throw classifyHttpStatus(status);
  }
}
