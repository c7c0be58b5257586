import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { EventPayload } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import { sealOutboxPayload } from '@offera/runtime';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import { PrivacyError, PrivacyErrorReason } from './privacy-requests.errors.js';
import type { PrivacyRequestEntity } from './privacy-request.entity.js';
import { VerificationCodeEntity } from './verification-code.entity.js';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 3;

export type CodeCheck = 'ok' | 'invalid' | 'expired' | 'none';

/**
 * One-time codes for verifying a request entered by staff: 6 digits, valid 10 minutes,
 * 3 attempts. Only a keyed hash is stored; the code travels to the notifications service in
 * the `privacy-request.verification-code-issued` event (its outbox row sealed), which sends it
 * to the address on file.
 */
@Injectable()
export class VerificationCodes {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  private hash(requestId: string, code: string): string {
    return createHmac('sha256', this.config.pseudonymKey)
      .update(`otc:${requestId}:${code}`)
      .digest('base64url');
  }

  /**
   * The code a message issues: derived from a secret and the message's id when there is one,
   * so the same message delivered again recognises the code it issued; random otherwise.
   */
  private codeFor(requestId: string, messageId: string | undefined): string {
    if (!messageId) return String(randomInt(0, 1_000_000)).padStart(6, '0');
    const mac = createHmac('sha256', this.config.pseudonymKey)
      .update(`otc-issue:${requestId}:${messageId}`)
      .digest();
    return String(mac.readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
  }

  /**
   * Issues a new code (replacing any earlier one) and emits it for delivery. The message that
   * issued the current code, delivered again, gets that code's expiry and sends nothing more
   * (`repeated`): a second code would make the one already mailed useless.
   */
  async issue(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    messageId?: string,
  ): Promise<{ expiresAt: Date; repeated: boolean }> {
    if (!request.subjectId)
      throw new PrivacyError(
        PrivacyErrorReason.SubjectRequired,
        'A one-time code needs a subject with an address on file',
      );
    const code = this.codeFor(request.id, messageId);
    if (messageId) {
      const current = await tx.getRepository(VerificationCodeEntity).findOneBy({ requestId: request.id });
      if (current?.codeHash === this.hash(request.id, code))
        return { expiresAt: current.expiresAt, repeated: true };
    }
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await tx.getRepository(VerificationCodeEntity).upsert(
      {
        requestId: request.id,
        codeHash: this.hash(request.id, code),
        expiresAt,
        attemptsLeft: CODE_ATTEMPTS,
        issuedAt: now,
      },
      ['requestId'],
    );
    const event = 'privacy-request.verification-code-issued';
    const payload: EventPayload<typeof event> = {
      requestId: request.id,
      subjectId: request.subjectId,
      code,
      expiresAt: expiresAt.toISOString(),
      occurredAt: now.toISOString(),
    };
    // The code is a credential: sealed while the row waits in Postgres (the transport seals it in Redis).
    await this.outbox.add(tx, event, sealOutboxPayload(this.config.messageEncryptionKey, event, payload));
    return { expiresAt, repeated: false };
  }

  /** Checks a code, spending one attempt; a used or exhausted code is deleted. */
  async check(tx: EntityManager, requestId: string, code: string): Promise<CodeCheck> {
    const repo = tx.getRepository(VerificationCodeEntity);
    const row = await repo.findOne({ where: { requestId }, lock: { mode: 'pessimistic_write' } });
    if (!row || row.attemptsLeft <= 0) return 'none';
    if (row.expiresAt.getTime() <= this.clock.now().getTime()) {
      await repo.delete({ requestId });
      return 'expired';
    }
    const expected = Buffer.from(row.codeHash);
    const given = Buffer.from(this.hash(requestId, code));
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      await repo.delete({ requestId });
      return 'ok';
    }
    if (row.attemptsLeft <= 1) await repo.delete({ requestId });
    else await repo.update({ requestId }, { attemptsLeft: row.attemptsLeft - 1 });
    return 'invalid';
  }
}
