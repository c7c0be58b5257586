import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { NotificationsConfig } from '../config.js';

/**
 * Keyed hashes for the suppression list and unsubscribe links. A plain hash of an email
 * address can be reversed by hashing guessed addresses; an HMAC cannot without the key.
 */
@Injectable()
export class AddressHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: NotificationsConfig) {}

  hashAddress(email: string): string {
    return createHmac('sha256', this.config.suppressionHashKey)
      .update(`email:${email.trim().toLowerCase()}`)
      .digest('hex');
  }

  private unsubscribeToken(subjectId: string): string {
    return createHmac('sha256', this.config.suppressionHashKey)
      .update(`unsubscribe:${subjectId}`)
      .digest('base64url');
  }

  unsubscribeUrl(subjectId: string): string {
    const url = new URL(this.config.unsubscribeBaseUrl);
    url.searchParams.set('s', subjectId);
    url.searchParams.set('t', this.unsubscribeToken(subjectId));
    return url.toString();
  }

  verifyUnsubscribe(subjectId: string, token: string): boolean {
    const expected = Buffer.from(this.unsubscribeToken(subjectId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
