import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { IdentityCodePurpose, MaskedIdentityCode } from '@offera/contracts';
import { type EntityManager, QueryFailedError } from 'typeorm';
import type { CustomersConfig } from '../config.js';
import { invalid, RegisterError, RegisterErrorReason } from '../shared/register.errors.js';
import { IdentityCodeCipher } from './identity-code-cipher.js';
import { IdentityCodeEntity } from './identity-code.entity.js';
import { IDENTITY_CODE_ERROR_MESSAGES, maskIdentityCode, parseIdentityCode } from './identity-code.js';

const UNIQUE_VIOLATION = '23505';

/** Encrypts, indexes, masks and decrypts identity codes; the only place the clear code is handled. */
@Injectable()
export class IdentityCodesService {
  private readonly cipher: IdentityCodeCipher;

  constructor(@Inject(APP_CONFIG) private readonly config: CustomersConfig) {
    this.cipher = new IdentityCodeCipher({
      keys: config.identityCodeKeys,
      activeKeyId: config.identityCodeActiveKeyId,
      blindIndexKey: config.blindIndexKey,
    });
  }

  /** The canonical code, or VALIDATION_FAILED with a reason that never contains the code. */
  canonical(input: string): string {
    const parsed = parseIdentityCode(input, { allowTemporary: this.config.allowTemporaryIdentityCodes });
    if (!parsed.ok)
      throw invalid(
        `identityCode is not a valid Finnish personal identity code: ${IDENTITY_CODE_ERROR_MESSAGES[parsed.reason]}`,
      );
    return parsed.value.code;
  }

  /** Stores (or replaces) the customer's code; CONFLICT when another customer has it. */
  async set(
    tx: EntityManager,
    customerId: string,
    input: string,
    purpose: IdentityCodePurpose,
  ): Promise<IdentityCodeEntity> {
    const code = this.canonical(input);
    const blindIndex = this.cipher.blindIndex(code);
    const repo = tx.getRepository(IdentityCodeEntity);
    const holder = await repo.findOne({ where: { blindIndex }, select: { customerId: true } });
    if (holder && holder.customerId !== customerId) throw taken();
    const { keyId, ciphertext } = this.cipher.encrypt(code);
    try {
      await repo.upsert({ customerId, keyId, ciphertext, blindIndex, purpose, updatedAt: new Date() }, [
        'customerId',
      ]);
    } catch (error) {
      // Two customers racing for the same code: the unique index decides.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw taken();
      throw error;
    }
    return repo.findOneByOrFail({ customerId });
  }

  masked(row: IdentityCodeEntity): MaskedIdentityCode {
    return {
      masked: maskIdentityCode(this.decrypt(row)),
      purpose: row.purpose,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  get activeKeyId(): string {
    return this.cipher.currentKeyId;
  }

  /** The row's code re-encrypted under the active key (the blind index does not change). */
  reencrypt(row: IdentityCodeEntity): { keyId: string; ciphertext: Buffer } {
    const next = this.cipher.rotate({ keyId: row.keyId, ciphertext: row.ciphertext });
    return { keyId: next.keyId, ciphertext: next.ciphertext };
  }

  decrypt(row: IdentityCodeEntity): string {
    return this.cipher.decrypt({ keyId: row.keyId, ciphertext: row.ciphertext });
  }
}

const taken = () =>
  new RegisterError(
    RegisterErrorReason.IdentityCodeTaken,
    'This identity code is already registered to another customer',
  );
