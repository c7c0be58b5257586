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
 * A second line of defence behind the gateway, which refuses an erased account's tokens: no new
 * order or series is made for a subject this service has erased.
 */
export async function refuseErased(m: EntityManager, customerId: string): Promise<void> {
  const [found] = await m.query<unknown[]>(`SELECT 1 FROM erased_subjects WHERE subject_key = $1`, [
    keyOf(customerId),
  ]);
  if (found)
    throw new OrdersError(
      OrdersErrorReason.SubjectErased,
      'This customer account has been erased; nothing can be ordered for it',
    );
}
