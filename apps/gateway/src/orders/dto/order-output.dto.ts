import { ApiProperty } from '@nestjs/swagger';
import { FREQUENCIES, ORDER_STATUSES, PAYMENT_METHODS } from '@offera/contracts';
import { AddOnInputDto, AddressDto } from './order-input.dto.js';

export class CommentDto {
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RatingViewDto {
  @ApiProperty() rating: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class QuoteBreakdownDto {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({
    description: 'Lines with discounts, VAT and work share',
    type: 'array',
    items: { type: 'object' },
  })
  lines: object[];
  @ApiProperty() subtotalCents: number;
  @ApiProperty() totalDiscountCents: number;
  @ApiProperty() totalGrossCents: number;
  @ApiProperty() vatTotalCents: number;
  @ApiProperty() netCents: number;
  @ApiProperty() workCents: number;
  @ApiProperty({ type: 'object', description: 'Household deduction estimate', additionalProperties: true })
  householdDeduction: object;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) codeDiscount: object | null;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) seriesId: string | null;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: [AddOnInputDto] }) addOns: AddOnInputDto[];
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ enum: FREQUENCIES }) frequency: string;
  @ApiProperty({ type: AddressDto }) address: AddressDto;
  @ApiProperty({ nullable: true, type: Number }) latitude: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude: number | null;
  @ApiProperty({ nullable: true, type: String }) extraInfo: string | null;
  @ApiProperty({ nullable: true, type: String }) accessNotes: string | null;
  @ApiProperty({ nullable: true, type: String }) pets: string | null;
  @ApiProperty({ nullable: true, type: String }) discountCode: string | null;
  @ApiProperty({ enum: PAYMENT_METHODS }) paymentMethod: string;
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: QuoteBreakdownDto, description: 'The price snapshot stored with the order' })
  price: QuoteBreakdownDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerId: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The fee charged when the customer cancelled (0 when free); null until cancelled',
  })
  cancellationFeeCents: number | null;
  @ApiProperty({ nullable: true, enum: ['customer', 'company'] }) cancelledBy: string | null;
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
  @ApiProperty({ type: RatingViewDto, nullable: true }) rating: RatingViewDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class OfferResultDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty() offeredTo: number;
  @ApiProperty({ description: 'Nobody to offer to: left for an operator' }) escalated: boolean;
}

export class EscalatedOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty() postalCode: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) escalatedAt: string;
  @ApiProperty() offerRounds: number;
}

class InvoiceLineDto {
  @ApiProperty() description: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPriceCents: number;
  @ApiProperty() grossCents: number;
  @ApiProperty() vatRateBp: number;
  @ApiProperty() vatCents: number;
  @ApiProperty() workCents: number;
}

export class InvoiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty({ format: 'date' }) invoiceDate: string;
  @ApiProperty() buyerName: string;
  @ApiProperty({ type: AddressDto }) billingAddress: AddressDto;
  @ApiProperty({ type: [InvoiceLineDto] }) lines: InvoiceLineDto[];
  @ApiProperty() totalGrossCents: number;
  @ApiProperty() vatTotalCents: number;
  @ApiProperty() netCents: number;
  @ApiProperty() workCents: number;
  @ApiProperty({ enum: PAYMENT_METHODS }) paymentMethod: string;
  @ApiProperty() held: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'Kirjanpitolaki 2:10 §' }) heldBasis: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) heldUntil: string | null;
}

export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceDto] }) items: InvoiceDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class CancellationPolicyDto {
  @ApiProperty({ example: 24, description: 'Cancelling is free until this many hours before the start' })
  freeUntilHoursBefore: number;
  @ApiProperty({
    description: 'The late fee: a share of the order total in basis points, or a fixed amount',
    example: { kind: 'percent', percentBp: 5000 },
    type: 'object',
    additionalProperties: true,
  })
  lateFee: object;
}

export class CancellationPreviewDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty({ description: 'Whether the customer may cancel now' }) cancellable: boolean;
  @ApiProperty({ enum: ['within_free_period', 'late_cancellation', 'already_started', 'not_cancellable'] })
  reason: string;
  @ApiProperty({ example: 4990, description: 'What cancelling now would charge, in cents' })
  feeCents: number;
  @ApiProperty({ description: 'Cancelling now is possible and costs nothing' }) free: boolean;
  @ApiProperty({ format: 'date-time', description: 'Last instant at which cancelling is free' })
  freeUntil: string;
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: CancellationPolicyDto }) policy: CancellationPolicyDto;
  @ApiProperty({ format: 'date-time', description: 'The instant the fee was worked out for' })
  evaluatedAt: string;
}
