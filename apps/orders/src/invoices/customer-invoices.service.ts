import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  CustomerInvoiceRef,
  CustomerInvoicesPayload,
  CustomerInvoiceView,
  DeductionSummaryPayload,
  DeductionSummaryView,
  OrdersPage,
} from '@offera/contracts';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';
import type { OrdersConfig } from '../config.js';
import { estimateHouseholdDeduction } from '../pricing/household-deduction.js';
import { FI_HOUSEHOLD_DEDUCTION } from '../pricing/pricing-parameters.js';
import { InvoiceEntity } from './invoice.entity.js';
import { invoiceView } from './invoices.service.js';
import { paymentReference } from './payment-reference.js';

/** The first and last tax year a summary is asked for (the deduction exists since 2001). */
const FIRST_YEAR = 2001;

/**
 * What a customer reads of their own invoices: each with its due date and reference, and the
 * yearly work share for the household deduction. Held invoices (kept under accounting law after
 * an erasure) belong to no customer any more and are never listed here.
 */
@Injectable()
export class CustomerInvoicesService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  async list(p: CustomerInvoicesPayload): Promise<OrdersPage<CustomerInvoiceView>> {
    const [rows, total] = await this.db.getRepository(InvoiceEntity).findAndCount({
      where: { customerId: p.customerId, held: false },
      order: { number: 'DESC' },
      skip: (p.page - 1) * p.pageSize,
      take: p.pageSize,
    });
    return { items: rows.map((i) => this.view(i)), page: p.page, pageSize: p.pageSize, total };
  }

  /** Another customer's invoice is "not found", exactly like a missing one. */
  async get(p: CustomerInvoiceRef): Promise<CustomerInvoiceView> {
    const row = await this.db
      .getRepository(InvoiceEntity)
      .findOneBy({ id: p.invoiceId, customerId: p.customerId, held: false });
    if (!row) throw new OrdersError(OrdersErrorReason.InvoiceNotFound, 'Invoice not found');
    return this.view(row);
  }

  async deductionSummary(p: DeductionSummaryPayload): Promise<DeductionSummaryView> {
    const thisYear = DateTime.now().setZone('Europe/Helsinki').year;
    if (!Number.isInteger(p.year) || p.year < FIRST_YEAR || p.year > thisYear)
      throw new OrdersError(
        OrdersErrorReason.InvalidInput,
        `year must be between ${FIRST_YEAR} and ${thisYear}`,
      );
    const rows = await this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder('i')
      .where('i.customer_id = :customerId AND NOT i.held', { customerId: p.customerId })
      .andWhere('i.invoice_date >= make_date(:year, 1, 1) AND i.invoice_date < make_date(:year + 1, 1, 1)', {
        year: p.year,
      })
      .orderBy('i.invoice_date', 'ASC')
      .addOrderBy('i.number', 'ASC')
      .getMany();
    const items = rows.map((i) => ({
      invoiceId: i.id,
      invoiceNumber: Number(i.number),
      invoiceDate: i.invoiceDate,
      orderId: i.orderId,
      totalGrossCents: i.totalGrossCents,
      workCents: i.workCents,
    }));
    const totalWorkCents = items.reduce((sum, i) => sum + i.workCents, 0);
    const estimate = estimateHouseholdDeduction(FI_HOUSEHOLD_DEDUCTION, {
      year: p.year,
      workCents: totalWorkCents,
      earlierWorkCents: 0,
      deductionUsedCents: 0,
    });
    return {
      year: p.year,
      items,
      totalGrossCents: items.reduce((sum, i) => sum + i.totalGrossCents, 0),
      totalWorkCents,
      estimate: {
        rateBp: estimate.rateBp,
        deductibleCents: estimate.deductibleCents,
        maxCents: estimate.maxCents,
        estimatedCents: estimate.estimatedCents,
        parametersYear: estimate.parametersYear,
      },
    };
  }

  private view(i: InvoiceEntity): CustomerInvoiceView {
    const base = invoiceView(i);
    return {
      ...base,
      dueDate:
        DateTime.fromISO(i.invoiceDate, { zone: 'Europe/Helsinki' })
          .plus({ days: this.config.invoicePaymentDays })
          .toISODate() ?? i.invoiceDate,
      paymentReference: paymentReference(base.number),
      vatBreakdown: i.vatBreakdown.map((v) => ({
        rateBp: v.rateBp,
        netCents: v.netCents,
        vatCents: v.vatCents,
        grossCents: v.grossCents,
      })),
    };
  }
}
