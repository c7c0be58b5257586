import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { keepErasureReceipt } from '@offera/database';
import { DataSource } from 'typeorm';
import { InvoicesService } from '../invoices/invoices.service.js';
import { rememberErased } from './erased-subjects.js';

/**
 * The orders service's part of an erasure, in one transaction: everything about the subject
 * (orders with their addresses, notes, pets, prices, IPs, offers, comments, ratings, series,
 * discount-code uses) is deleted; their invoices keep only the invoice fields, held under
 * Kirjanpitolaki 2:10 § until expiry. A retried job erases nothing more and answers with the
 * receipt of the run that did (kept in `erasure_receipts`). The subject is remembered by a hash
 * of their id, so no later command places an order or series for them.
 */
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
        account_statuses: await count(`DELETE FROM account_statuses WHERE account_id = $1`),
      };
      await rememberErased(tx, p.subjectId);
      return keepErasureReceipt(tx, p.requestId, { service: 'orders', erased, withheld });
    });
  }
}
