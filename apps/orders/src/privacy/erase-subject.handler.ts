import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { keepErasureReceipt } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { InvoicesService } from '../invoices/invoices.service.js';
import { rememberErased } from './erased-subjects.js';

/**
 * The orders service's part of an erasure, in one transaction: everything about the subject
 * (orders with their addresses, notes, pets, prices, IPs, offers, comments, ratings, series,
 * discount-code uses) is deleted; their invoices keep only the invoice fields, held under
 * Kirjanpitolaki 2:10 § until expiry. A provider subject's offers (with their release reasons)
 * and comments are deleted, jobs still ahead of them go back to be offered again, and past
 * orders and ratings keep only a pseudonym of them (see `eraseProvider`). A retried job erases
 * nothing more and answers with the receipt of the run that did (kept in `erasure_receipts`).
 * The subject is remembered by a hash of their id, so no later command places an order or
 * series for them.
 */
/** The subject as a provider, in one statement (every part sees the same snapshot). */
const PROVIDER_ERASE_SQL = `
  WITH offers AS (DELETE FROM order_offers WHERE provider_id = $1 RETURNING 1),
  comments AS (DELETE FROM order_comments WHERE provider_id = $1 RETURNING 1),
  unassigned AS (
    UPDATE orders SET provider_id = NULL, status = 'requested', updated_at = now()
     WHERE provider_id = $1 AND status = 'assigned' RETURNING 1
  ),
  pseudonymised AS (
    UPDATE orders SET provider_id = $2, updated_at = now()
     WHERE provider_id = $1 AND status <> 'assigned' RETURNING 1
  ),
  ratings AS (UPDATE order_ratings SET provider_id = $2 WHERE provider_id = $1 RETURNING 1)
  SELECT (SELECT count(*) FROM offers)::int AS provider_offers,
         (SELECT count(*) FROM comments)::int AS provider_comments,
         (SELECT count(*) FROM unassigned)::int AS provider_assignments,
         (SELECT count(*) FROM pseudonymised)::int AS provider_orders_pseudonymised,
         (SELECT count(*) FROM ratings)::int AS provider_ratings_pseudonymised`;

@Controller()
export class EraseSubjectHandler {
  constructor(
    private readonly db: DataSource,
    private readonly invoices: InvoicesService,
  ) {}

  @HandleMessage('orders.erase-subject')
  async erase(@Payload() p: MessagePayload<'orders.erase-subject'>): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const count = async (sql: string): Promise<number> => {
        const [, n] = await tx.query<[unknown[], number]>(sql, [p.subjectId]);
        return n;
      };
      const mine = 'SELECT id FROM orders WHERE customer_id = $1';
      const withheld = await this.invoices.holdForSubject(tx, p.subjectId);
      const erased = {
        order_ratings: await count(
          `DELETE FROM order_ratings WHERE customer_id = $1 OR order_id IN (${mine})`,
        ),
        order_comments: await count(`DELETE FROM order_comments WHERE order_id IN (${mine})`),
        order_offers: await count(`DELETE FROM order_offers WHERE order_id IN (${mine})`),
        discount_redemptions: await count(`DELETE FROM discount_redemptions WHERE customer_id = $1`),
        orders: await count(`DELETE FROM orders WHERE customer_id = $1`),
        order_series: await count(`DELETE FROM order_series WHERE customer_id = $1`),
        subject_restrictions: await count(`DELETE FROM subject_restrictions WHERE subject_id = $1`),
        ...(await this.eraseProvider(tx, p.subjectId)),
        account_statuses: await count(`DELETE FROM account_statuses WHERE account_id = $1`),
      };
      await rememberErased(tx, p.subjectId);
      return keepErasureReceipt(tx, p.requestId, { service: 'orders', erased, withheld });
    });
  }

  /**
   * The subject as a provider: one random pseudonym, kept nowhere with their id, replaces them
   * on the orders they worked (so past work still counts per provider without naming anyone);
   * a job assigned to them and not started is unassigned, to be offered again.
   */
  private async eraseProvider(tx: EntityManager, providerId: string): Promise<Record<string, number>> {
    const [counts] = await tx.query<Record<string, number>[]>(PROVIDER_ERASE_SQL, [providerId, randomUUID()]);
    // A customer's receipt is not cluttered with provider counts of zero.
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  }
}
