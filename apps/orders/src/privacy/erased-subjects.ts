import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';

/**
 * The key an erased subject is remembered by: a hash of their (random, 122-bit) account id, which
 * cannot be turned back into the id, and matches only a command that names it again.
 */
const keyOf = (subjectId: string): Buffer =>
  createHash('sha256').update(`offera:orders:erased-subject\n${subjectId.toLowerCase()}`).digest();

/** Remembers, in the erasing transaction, that the subject was erased here. */
export async function rememberErased(tx: EntityManager, subjectId: string): Promise<void> {
  await tx.query(`INSERT INTO erased_subjects (subject_key) VALUES ($1) ON CONFLICT DO NOTHING`, [
    keyOf(subjectId),
  ]);
}

/**
 * A second line of defence behind the gateway, which refuses the tokens of an erased, locked or
 * deactivated account: no new order or series is made for a subject this service has erased, nor
 * for an account an admin locked or deactivated (as `account.status-changed` told it).
 */
export async function refuseErased(m: EntityManager, customerId: string): Promise<void> {
  const [found] = await m.query<{ erased: boolean; status: string | null }[]>(
    `SELECT EXISTS (SELECT 1 FROM erased_subjects WHERE subject_key = $1) AS erased,
            (SELECT status FROM account_statuses WHERE account_id = $2::uuid) AS status`,
    [keyOf(customerId), customerId],
  );
  if (found.erased)
    throw new OrdersError(
      OrdersErrorReason.SubjectErased,
      'This customer account has been erased; nothing can be ordered for it',
    );
  if (found.status && found.status !== 'active')
    throw new OrdersError(
      OrdersErrorReason.AccountInactive,
      `This customer account is ${found.status}; nothing can be ordered for it`,
    );
}
