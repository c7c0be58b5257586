import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InvoiceLineView, PaymentMethod, ServiceAddress } from '@offera/contracts';
import type { VatBreakdown } from '../pricing/pricing-engine.js';

/** An invoice (tosite). After the buyer's erasure only these fields remain, held until expiry. */
@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** From the gap-free counter (pg returns bigint as a string). */
  @Column({ type: 'bigint' })
  number: string;

  @Column({ name: 'invoice_date', type: 'date' })
  invoiceDate: string;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ name: 'buyer_name', type: 'text' })
  buyerName: string;

  @Column({ name: 'billing_address', type: 'jsonb' })
  billingAddress: ServiceAddress;

  @Column({ type: 'jsonb' })
  lines: InvoiceLineView[];

  @Column({ name: 'vat_breakdown', type: 'jsonb' })
  vatBreakdown: VatBreakdown[];

  @Column({ name: 'total_gross_cents', type: 'integer' })
  totalGrossCents: number;

  @Column({ name: 'vat_total_cents', type: 'integer' })
  vatTotalCents: number;

  @Column({ name: 'net_cents', type: 'integer' })
  netCents: number;

  @Column({ name: 'work_cents', type: 'integer' })
  workCents: number;

  @Column({ name: 'payment_method', type: 'text' })
  paymentMethod: PaymentMethod;

  @Column({ type: 'boolean', default: false })
  held: boolean;

  @Column({ name: 'held_basis', type: 'text', nullable: true })
  heldBasis: string | null;

  @Column({ name: 'held_until', type: 'date', nullable: true })
  heldUntil: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
