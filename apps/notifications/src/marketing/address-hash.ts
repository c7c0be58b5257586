import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { NotificationsConfig } from '../config.js';
import { UnsubscribeToken } from './unsubscribe-token.js';

/**
 * Keyed hashes for the suppression list, and the signed tokens of unsubscribe links. A plain
 * hash of an email address can be reversed by hashing guessed addresses; an HMAC cannot
 * without the key.
 */
@Injectable()
export class AddressHasher {
  private readonly tokens: UnsubscribeToken;

  constructor(@Inject(APP_CONFIG) private readonly config: NotificationsConfig) {
    this.tokens = new UnsubscribeToken(config.suppressionHashKey);
  }

  hashAddress(email: string): string {
    return createHmac('sha256', this.config.suppressionHashKey)
      .update(`email:${email.trim().toLowerCase()}`)
      .digest('hex');
  }

  /** The link in a marketing message; `language` picks the language of its confirmation page. */
  unsubscribeUrl(subjectId: string, language?: string): string {
    const url = new URL(this.config.unsubscribeBaseUrl);
    url.searchParams.set('t', this.tokens.issue(subjectId));
    if (language === 'fi' || language === 'en') url.searchParams.set('l', language);
    return url.toString();
  }

  /** The subject an unsubscribe token names, or null for a forged or malformed one. */
  openUnsubscribe(token: string): string | null {
    return this.tokens.open(token);
  }
}
