import { Injectable } from '@nestjs/common';
import type { CreateDiscountCodePayload, DiscountCodeView } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';
import { type DiscountCode, DiscountCodeError, evaluateDiscountCode } from '../pricing/discount-code.js';
import { DiscountCodeEntity } from './discount-code.entity.js';
import { DiscountRedemptionEntity } from './discount-redemption.entity.js';

/** What the pricing engine needs to judge a code: its definition and how often it was used. */
export interface DiscountLookup {
  readonly enteredCode: string;
  readonly definition: DiscountCode | null;
  readonly totalUses: number;
  readonly customerUses: number;
}

export const normaliseCode = (code: string): string => code.trim().toUpperCase();

@Injectable()
export class DiscountCodesService {
  constructor(private readonly db: DataSource) {}

  /**
   * Reads a code and its usage. With `lock`, the code's row stays locked until the caller's
   * transaction ends, so concurrent orders using the same code are counted one after another
   * and a usage limit can never be exceeded.
   */
  async lookup(
    m: EntityManager,
    customerId: string,
    entered: string,
    lock: boolean,
  ): Promise<DiscountLookup> {
    const code = normaliseCode(entered);
    const row = await m.getRepository(DiscountCodeEntity).findOne({
      where: { code },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) return { enteredCode: entered, definition: null, totalUses: 0, customerUses: 0 };
    const counts = await m
      .getRepository(DiscountRedemptionEntity)
      .createQueryBuilder('r')
      .select('count(*)::int', 'total')
      .addSelect('(count(*) FILTER (WHERE r.customer_id = :customerId))::int', 'mine')
      .where('r.code = :code', { code, customerId })
      .getRawOne<{ total: number; mine: number }>();
    return {
      enteredCode: entered,
      definition: { ...row.definition, active: row.active },
      totalUses: counts?.total ?? 0,
      customerUses: counts?.mine ?? 0,
    };
  }

  /** `messageId`: the same message delivered again answers as the first did (not "exists"). */
  async create(p: CreateDiscountCodePayload, messageId?: string): Promise<DiscountCodeView> {
    const code = normaliseCode(p.code);
    const definition: DiscountCode = {
      code,
      value:
        p.kind === 'percent'
          ? { kind: 'percent', percentBp: p.percentBp ?? -1 }
          : { kind: 'fixed', amountCents: p.amountCents ?? -1 },
      appliesTo: [...p.appliesTo],
      newCustomersOnly: p.newCustomersOnly,
      ...(p.validFrom ? { validFrom: p.validFrom } : {}),
      ...(p.validUntil ? { validUntil: p.validUntil } : {}),
      maxTotalUses: p.maxTotalUses ?? null,
      maxUsesPerCustomer: p.maxUsesPerCustomer ?? null,
      minOrderTotalCents: p.minOrderTotalCents ?? null,
    };
    try {
      // The engine validates definitions; a dry run surfaces a malformed one as a 400.
      evaluateDiscountCode(definition, {
        now: new Date().toISOString(),
        orderType: 'one_off',
        customerIsNew: true,
        totalUses: 0,
        customerUses: 0,
        baseCents: 0,
      });
    } catch (err) {
      if (err instanceof DiscountCodeError)
        throw new OrdersError(OrdersErrorReason.InvalidInput, err.message);
      throw err;
    }
    return answerOnce(this.db, messageId, 'orders.create-discount-code', async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO discount_codes (code, definition) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code`,
        [code, JSON.stringify(definition)],
      );
      if (inserted.length === 0)
        throw new OrdersError(OrdersErrorReason.CodeExists, 'This discount code exists');
      return { ...p, code, active: true };
    });
  }
}
