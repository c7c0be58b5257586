import { Injectable } from '@nestjs/common';
import type {
  InvoiceLineView,
  InvoiceView,
  ListHeldInvoicesPayload,
  OrdersPage,
  WithheldItem,
} from '@offera/contracts';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderEntity } from '../orders/order.entity.js';
import { lateCancellationFeeAmounts } from './cancellation-fee.js';
import { InvoiceEntity } from './invoice.entity.js';
import { INVOICE_RETENTION_BASIS, invoiceRetentionExpiry, RETENTION_TIME_ZONE } from './retention.js';

export const todayInHelsinki = (now: Date): string =>
  DateTime.fromJSDate(now, { zone: RETENTION_TIME_ZONE }).toISODate() ?? '';

@Injectable()
export class InvoicesService {
  constructor(private readonly db: DataSource) {}

  /**
   * Creates the invoice of a completed visit in the completing transaction. Its number comes
   * from a counter row incremented in the same transaction, so a rolled-back completion leaves
   * no gap (a SEQUENCE would).
   */
  async createForOrder(
    tx: EntityManager,
    o: OrderEntity,
    buyerName: string,
    now: Date,
  ): Promise<InvoiceEntity> {
    const number = await this.nextNumber(tx);
    const names = o.priceSnapshot.itemNames;
    const lines: InvoiceLineView[] = o.priceSnapshot.lines.map((l) => ({
      description: names[l.descriptionKey]?.fi ?? l.itemId,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      grossCents: l.payableCents,
      vatRateBp: l.vatRateBp,
      vatCents: l.vatCents,
      workCents: l.workCents,
    }));
    const invoice = tx.getRepository(InvoiceEntity).create({
      number,
      invoiceDate: todayInHelsinki(now),
      orderId: o.id,
      customerId: o.customerId,
      buyerName,
      billingAddress: o.address,
      lines,
      vatBreakdown: [...o.priceSnapshot.vatByRate],
      totalGrossCents: o.priceSnapshot.totalGrossCents,
      vatTotalCents: o.priceSnapshot.vatTotalCents,
      netCents: o.priceSnapshot.netCents,
      workCents: o.priceSnapshot.workCents,
      paymentMethod: o.paymentMethod,
      held: false,
      heldBasis: null,
      heldUntil: null,
    });
    return tx.getRepository(InvoiceEntity).save(invoice);
  }

  /**
   * Bills a late cancellation's fee in the cancelling transaction, numbered from the same
   * gap-free counter. An order has at most one invoice (`order_id` is unique), and a cancelled
   * order is final, so a repeated cancellation can never bill twice; an existing invoice of the
   * order is returned as it is.
   */
  async createForCancellationFee(
    tx: EntityManager,
    o: OrderEntity,
    feeCents: number,
    buyerName: string,
    now: Date,
  ): Promise<InvoiceEntity> {
    const existing = await tx.getRepository(InvoiceEntity).findOneBy({ orderId: o.id });
    if (existing) return existing;
    const invoiceDate = todayInHelsinki(now);
    const amounts = lateCancellationFeeAmounts(feeCents, invoiceDate);
    const number = await this.nextNumber(tx);
    const invoice = tx.getRepository(InvoiceEntity).create({
      number,
      invoiceDate,
      orderId: o.id,
      customerId: o.customerId,
      buyerName,
      billingAddress: o.address,
      ...amounts,
      paymentMethod: o.paymentMethod,
      held: false,
      heldBasis: null,
      heldUntil: null,
    });
    return tx.getRepository(InvoiceEntity).save(invoice);
  }

  /** The next invoice number, from a counter row locked until the caller's transaction ends. */
  private async nextNumber(tx: EntityManager): Promise<string> {
    const counter = await tx.query<[{ last_number: string }[], number]>(
      `UPDATE invoice_counter SET last_number = last_number + 1 WHERE id = 1 RETURNING last_number`,
    );
    return counter[0][0].last_number;
  }

  /**
   * On erasure: the subject's invoices keep only their invoice fields, detached from the
   * order and the account, held under accounting law until their expiry.
   */
  async holdForSubject(tx: EntityManager, subjectId: string): Promise<WithheldItem[]> {
    const rows = await tx
      .getRepository(InvoiceEntity)
      .find({ where: { customerId: subjectId }, lock: { mode: 'pessimistic_write' } });
    const byUntil = new Map<string, number>();
    for (const inv of rows) {
      const until = invoiceRetentionExpiry(inv.invoiceDate);
      await tx.getRepository(InvoiceEntity).update(
        { id: inv.id },
        {
          held: true,
          heldBasis: INVOICE_RETENTION_BASIS,
          heldUntil: until,
          customerId: null,
          orderId: null,
        },
      );
      byUntil.set(until, (byUntil.get(until) ?? 0) + 1);
    }
    return [...byUntil.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([until, count]) => ({ category: 'invoice', basis: INVOICE_RETENTION_BASIS, until, count }));
  }

  async listHeld(p: ListHeldInvoicesPayload): Promise<OrdersPage<InvoiceView>> {
    const [rows, total] = await this.db.getRepository(InvoiceEntity).findAndCount({
      where: { held: true },
      order: { number: 'ASC' },
      skip: (p.page - 1) * p.pageSize,
      take: p.pageSize,
    });
    return { items: rows.map(invoiceView), page: p.page, pageSize: p.pageSize, total };
  }

  /** Deletes held invoices whose retention period is over (the day after `held_until`). */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .delete()
      .where('held AND held_until < :today', { today: todayInHelsinki(now) })
      .execute();
    return result.affected ?? 0;
  }
}

export function invoiceView(i: InvoiceEntity): InvoiceView {
  return {
    id: i.id,
    number: Number(i.number),
    invoiceDate: i.invoiceDate,
    buyerName: i.buyerName,
    billingAddress: i.billingAddress,
    lines: i.lines,
    totalGrossCents: i.totalGrossCents,
    vatTotalCents: i.vatTotalCents,
    netCents: i.netCents,
    workCents: i.workCents,
    paymentMethod: i.paymentMethod,
    held: i.held,
    heldBasis: i.heldBasis,
    heldUntil: i.heldUntil,
  };
}
