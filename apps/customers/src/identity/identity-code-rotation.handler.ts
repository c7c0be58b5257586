import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource, Not } from 'typeorm';
import { IdentityCodeEntity } from './identity-code.entity.js';
import { IdentityCodesService } from './identity-codes.service.js';

const DEFAULT_BATCH = 500;

/**
 * Key rotation: after a new key is added to IDENTITY_CODE_KEYS and made active, this moves every
 * code still under an old key to it, a batch per run, so the old key can then be removed.
 * Re-running is harmless: rows already under the active key are not touched.
 */
@Controller()
export class IdentityCodeRotationHandler {
  constructor(
    private readonly db: DataSource,
    private readonly codes: IdentityCodesService,
  ) {}

  @HandleMessage('customers.rotate-identity-codes')
  async rotate(
    @Payload() p: MessagePayload<'customers.rotate-identity-codes'>,
  ): Promise<MessageResult<'customers.rotate-identity-codes'>> {
    const batch =
      Number.isInteger(p?.batchSize) && (p.batchSize ?? 0) > 0
        ? Math.min(p.batchSize as number, 5000)
        : DEFAULT_BATCH;
    const active = this.codes.activeKeyId;
    const rotated = await this.db.transaction(async (tx) => {
      // SKIP LOCKED: replicas running at once share the work instead of waiting on each other.
      const rows = await tx.getRepository(IdentityCodeEntity).find({
        where: { keyId: Not(active) },
        take: batch,
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      for (const row of rows) {
        await tx
          .getRepository(IdentityCodeEntity)
          .update({ customerId: row.customerId }, this.codes.reencrypt(row));
      }
      return rows.length;
    });
    const remaining = await this.db.getRepository(IdentityCodeEntity).countBy({ keyId: Not(active) });
    return { rotated, remaining };
  }
}
