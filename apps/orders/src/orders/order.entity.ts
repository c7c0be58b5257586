import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Frequency, OrderAddOnInput, PaymentMethod, ServiceAddress } from '@offera/contracts';
import type { Quote } from '../pricing/pricing-engine.js';
import type { OrderState } from './order-state-machine.js';

/** Names of the priced lines, kept with the snapshot so invoices need not read the catalogue. */
export interface PriceSnapshot extends Quote {
  readonly itemNames: Readonly<Record<string, { readonly fi: string; readonly en: string }>>;
  readonly priceIds: readonly string[];
}

/** One cleaning visit: everything the privacy notice lists under "Tilaustiedot". */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The placing message's id: a redelivered message returns the order it already created. */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @Column({ name: 'series_original_start', type: 'timestamptz', nullable: true })
  seriesOriginalStart: Date | null;

  @Column({ type: 'text' })
  status: OrderState;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode: string;

  @Column({ name: 'add_ons', type: 'jsonb' })
  addOns: OrderAddOnInput[];

  @Column({ name: 'floor_area_m2', type: 'numeric', nullable: true })
  floorAreaM2: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ type: 'text' })
  frequency: Frequency;

  @Column({ type: 'jsonb' })
  address: ServiceAddress;

  /** Copied out of the address so eligible providers can be found by area. */
  @Column({ name: 'postal_code', type: 'text' })
  postalCode: string;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ name: 'extra_info', type: 'text', nullable: true })
  extraInfo: string | null;

  @Column({ name: 'access_notes', type: 'text', nullable: true })
  accessNotes: string | null;

  @Column({ type: 'text', nullable: true })
  pets: string | null;

  @Column({ name: 'discount_code', type: 'text', nullable: true })
  discountCode: string | null;

  @Column({ name: 'payment_method', type: 'text' })
  paymentMethod: PaymentMethod;

  @Column({ name: 'price_snapshot', type: 'jsonb' })
  priceSnapshot: PriceSnapshot;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents: number;

  @Column({ name: 'work_cents', type: 'integer' })
  workCents: number;

  @Column({ name: 'deduction_cents', type: 'integer' })
  deductionCents: number;

  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ name: 'offer_round', type: 'integer', default: 0 })
  offerRound: number;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /** Art. 18 restriction: kept, but not offered or marketed. */
  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy: 'customer' | 'company' | null;

  @Column({ name: 'cancellation_fee_cents', type: 'integer', nullable: true })
  cancellationFeeCents: number | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'placed_ip', type: 'inet', nullable: true })
  placedIp: string | null;

  /** The message of its last change: that message delivered again changes nothing more. */
  @Column({ name: 'last_request_id', type: 'text', nullable: true })
  lastRequestId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
