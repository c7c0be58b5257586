import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { RequesterContact } from '@offera/contracts';
import { EnvelopeCipher } from '@offera/transport';
import type { EntityManager } from 'typeorm';
import type { PrivacyConfig } from '../config.js';

/**
 * The address a requester without an account gave in their letter: kept sealed (AES-256-GCM,
 * bound to the request) only until their one-time link is sent, then deleted.
 */
@Injectable()
export class RequesterContacts {
  private readonly cipher: EnvelopeCipher;

  constructor(@Inject(APP_CONFIG) config: PrivacyConfig) {
    this.cipher = new EnvelopeCipher(config.messageEncryptionKey);
  }

  async keep(tx: EntityManager, requestId: string, contact: RequesterContact, at: Date): Promise<void> {
    const sealed = this.cipher.seal(
      { email: contact.email, language: contact.language },
      `request-contact:${requestId}`,
    );
    await tx.query(
      `INSERT INTO request_contacts (request_id, sealed, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (request_id) DO NOTHING`,
      [requestId, sealed, at],
    );
  }

  /** The address, taken: it is deleted in the caller's transaction (sent with the link). */
  async take(tx: EntityManager, requestId: string): Promise<RequesterContact | null> {
    // A DELETE answers its rows and its count.
    const [[row]] = await tx.query<[{ sealed: string }[], number]>(
      `DELETE FROM request_contacts WHERE request_id = $1 RETURNING sealed`,
      [requestId],
    );
    return row ? this.cipher.open<RequesterContact>(row.sealed, `request-contact:${requestId}`) : null;
  }
}
