import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { EnvelopeCipher } from '@offera/transport';
import type { NotificationsConfig } from '../config.js';

/** The little of a contact an erasure's outcome notice needs. */
export interface SealedContact {
  readonly email: string;
  readonly firstName: string;
  readonly language: 'fi' | 'en';
}

/** AES-256-GCM for the one contact snapshot the service keeps, bound to its request id. */
@Injectable()
export class ContactSeal {
  private readonly cipher: EnvelopeCipher;

  constructor(@Inject(APP_CONFIG) config: NotificationsConfig) {
    this.cipher = new EnvelopeCipher(config.messageEncryptionKey);
  }

  seal(requestId: string, contact: SealedContact): string {
    return this.cipher.seal(contact, `request-notice:${requestId}`);
  }

  open(requestId: string, sealed: string): SealedContact {
    return this.cipher.open<SealedContact>(sealed, `request-notice:${requestId}`);
  }

  /** A one-time code kept in a message's params until it is sent. */
  sealCode(requestId: string, code: string): string {
    return this.cipher.seal(code, `verification-code:${requestId}`);
  }

  openCode(requestId: string, sealed: string): string {
    return this.cipher.open<string>(sealed, `verification-code:${requestId}`);
  }

  /** A one-time link's token kept in a message's params until it is sent. */
  sealToken(requestId: string, token: string): string {
    return this.cipher.seal(token, `one-time-link:${requestId}`);
  }

  openToken(requestId: string, sealed: string): string {
    return this.cipher.open<string>(sealed, `one-time-link:${requestId}`);
  }
}
