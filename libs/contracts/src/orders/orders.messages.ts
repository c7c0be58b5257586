/** Payloads and results of the orders service's messages. Money is integer euro cents. */

export type VatCode = 'general' | 'zero';
export type Frequency = 'one_off' | 'monthly' | 'every_4_weeks' | 'every_2_weeks' | 'weekly';
export const FREQUENCIES: readonly Frequency[] = [
  'one_off',
  'monthly',
  'every_4_weeks',
  'every_2_weeks',
  'weekly',
];
export const PAYMENT_METHODS = ['invoice', 'card', 'e_invoice'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const ORDER_STATUSES = [
  'requested',
  'offered',
  'assigned',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// ---------------------------------------------------------------- catalogue

export interface AreaBandView {
  readonly upToM2: number | null;
  readonly priceCents: number;
  readonly minutes: number;
}

export type ServicePricingView =
  | { readonly kind: 'hourly'; readonly centsPerHour: number }
  | { readonly kind: 'area_band'; readonly bands: readonly AreaBandView[] }
  | { readonly kind: 'fixed'; readonly priceCents: number; readonly minutes: number };

export interface CatalogServiceView {
  readonly code: string;
  readonly name: { readonly fi: string; readonly en: string };
  readonly active: boolean;
  readonly pricing: ServicePricingView;
  readonly vatCode: VatCode;
  /** Share of the price that is work for the household deduction, in basis points. */
  readonly workShareBp: number;
  readonly priceValidFrom: string;
}

export interface CatalogAddOnView {
  readonly code: string;
  readonly name: { readonly fi: string; readonly en: string };
  readonly active: boolean;
  readonly priceCents: number;
  readonly minutes: number;
  readonly vatCode: VatCode;
  readonly workShareBp: number;
  readonly priceValidFrom: string;
}

export interface CatalogView {
  readonly services: readonly CatalogServiceView[];
  readonly addOns: readonly CatalogAddOnView[];
}

export interface GetCatalogPayload {
  /** Include inactive items (staff). */
  readonly includeInactive?: boolean;
}

export type CatalogItemKind = 'service' | 'add_on';

export interface CatalogPriceInput {
  /** ISO instant from which the price applies; now when omitted. Never in the past. */
  readonly validFrom?: string;
  readonly vatCode: VatCode;
  readonly workShareBp: number;
  /** Services only. */
  readonly pricing?: ServicePricingView;
  /** Add-ons only. */
  readonly priceCents?: number;
  readonly minutes?: number;
}

export interface CreateCatalogItemPayload {
  readonly kind: CatalogItemKind;
  readonly code: string;
  readonly nameFi: string;
  readonly nameEn: string;
  readonly price: CatalogPriceInput;
}

export interface UpdateCatalogItemPayload {
  readonly kind: CatalogItemKind;
  readonly code: string;
  readonly nameFi?: string;
  readonly nameEn?: string;
  readonly active?: boolean;
}

export interface SetCatalogPricePayload {
  readonly kind: CatalogItemKind;
  readonly code: string;
  readonly price: CatalogPriceInput;
}

export interface CreateDiscountCodePayload {
  readonly code: string;
  readonly kind: 'percent' | 'fixed';
  readonly percentBp?: number;
  readonly amountCents?: number;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly appliesTo: readonly ('one_off' | 'recurring')[];
  readonly newCustomersOnly: boolean;
  readonly maxTotalUses?: number;
  readonly maxUsesPerCustomer?: number;
  readonly minOrderTotalCents?: number;
}

export interface DiscountCodeView extends CreateDiscountCodePayload {
  readonly active: boolean;
}

// ---------------------------------------------------------------- orders

export interface ServiceAddress {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
}

export interface OrderAddOnInput {
  readonly code: string;
  readonly quantity: number;
}

export interface OrderDetailsInput {
  readonly serviceCode: string;
  readonly addOns?: readonly OrderAddOnInput[];
  readonly durationMinutes?: number;
  readonly floorAreaM2?: number;
}

export interface QuotePayload extends OrderDetailsInput {
  readonly customerId: string;
  /** ISO date-time; without an offset it is Helsinki local time. */
  readonly startsAt: string;
  readonly frequency: Frequency;
  readonly discountCode?: string;
}

/**
 * A quote for the booking site before sign-up: nothing personal, so it is priced as for a new
 * customer with no history this year and takes no discount code (codes can depend on the
 * customer's history; they are checked in the signed-in quote).
 */
export interface AnonymousQuotePayload extends OrderDetailsInput {
  /** ISO date-time; without an offset it is Helsinki local time. */
  readonly startsAt: string;
  readonly frequency: Frequency;
}

export interface PlaceOrderPayload extends QuotePayload {
  /** Exactly one of `address` and `addressId` (one of the customer's saved addresses). */
  readonly address?: ServiceAddress;
  readonly addressId?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly extraInfo?: string;
  readonly accessNotes?: string;
  readonly pets?: string;
  readonly paymentMethod: PaymentMethod;
  /** The request's client IP, recorded with the order. */
  readonly ip?: string;
  /**
   * From the caller's Idempotency-Key (a keyed hash): the same key places one order, and a
   * retry answers with it. Without one, the message's own id dedupes redeliveries.
   */
  readonly requestKey?: string;
}

/** The pricing engine's breakdown, as stored in an order's price snapshot. */
export type QuoteView = Readonly<Record<string, unknown>> & {
  readonly totalGrossCents: number;
  readonly vatTotalCents: number;
  readonly workCents: number;
};

export interface OrderView {
  readonly id: string;
  readonly status: OrderStatus;
  readonly seriesId: string | null;
  readonly serviceCode: string;
  readonly addOns: readonly OrderAddOnInput[];
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly frequency: Frequency;
  readonly address: ServiceAddress;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly extraInfo: string | null;
  readonly accessNotes: string | null;
  readonly pets: string | null;
  readonly discountCode: string | null;
  readonly paymentMethod: PaymentMethod;
  readonly totalCents: number;
  readonly price: QuoteView;
  readonly providerId: string | null;
  readonly cancellationFeeCents: number | null;
  readonly cancelledBy: 'customer' | 'company' | null;
  readonly comments: readonly { readonly body: string; readonly createdAt: string }[];
  readonly rating: { readonly rating: number; readonly comment: string | null } | null;
  readonly createdAt: string;
}

export interface CustomerOrderRef {
  readonly customerId: string;
  readonly orderId: string;
}

export interface ListOrdersPayload {
  readonly customerId: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface OrdersPage<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/**
 * What cancelling the order now would cost under the current policy, computed by the same code the
 * cancel uses. `reason` is `not_cancellable` for an order in a state that cannot be cancelled.
 */
export interface CancellationPreviewView {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly cancellable: boolean;
  readonly reason: 'within_free_period' | 'late_cancellation' | 'already_started' | 'not_cancellable';
  readonly feeCents: number;
  readonly free: boolean;
  /** Last instant (ISO, UTC) at which the customer may cancel free. */
  readonly freeUntil: string;
  readonly totalCents: number;
  readonly policy: {
    readonly freeUntilHoursBefore: number;
    readonly lateFee:
      | { readonly kind: 'percent'; readonly percentBp: number }
      | { readonly kind: 'fixed'; readonly amountCents: number };
  };
  readonly evaluatedAt: string;
}

export interface RescheduleOrderPayload extends CustomerOrderRef {
  /** The price snapshot is kept; only the time moves. */
  readonly startsAt: string;
}

export interface RateOrderPayload extends CustomerOrderRef {
  readonly rating: number;
  readonly comment?: string;
}

export interface OfferOrderPayload {
  readonly orderId: string;
  /** Providers to offer to; when omitted, the eligible providers are looked up. */
  readonly providerIds?: readonly string[];
}

/** An order nobody has accepted, waiting for an operator. */
export interface EscalatedOrderView {
  readonly id: string;
  readonly serviceCode: string;
  readonly postalCode: string;
  readonly startsAt: string;
  readonly escalatedAt: string;
  readonly offerRounds: number;
}

export interface OfferResult {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly offeredTo: number;
  readonly escalated: boolean;
}

// ---------------------------------------------------------------- series

export type RecurrenceRuleInput =
  | { readonly kind: 'weekly' | 'every_2_weeks' | 'every_4_weeks' }
  | { readonly kind: 'monthly_day'; readonly day: number }
  | {
      readonly kind: 'monthly_nth_weekday';
      readonly nth: 1 | 2 | 3 | 4 | 'last';
      readonly weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
    };

export interface CreateSeriesPayload extends OrderDetailsInput {
  readonly customerId: string;
  readonly rule: RecurrenceRuleInput;
  /** Local Helsinki start of the first visit, 'YYYY-MM-DDTHH:mm'. */
  readonly start: string;
  readonly endsOn?: string;
  /** Exactly one of `address` and `addressId` (one of the customer's saved addresses). */
  readonly address?: ServiceAddress;
  readonly addressId?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly extraInfo?: string;
  readonly accessNotes?: string;
  readonly pets?: string;
  readonly paymentMethod: PaymentMethod;
  readonly ip?: string;
  /** As for `PlaceOrderPayload.requestKey`: one series per key. */
  readonly requestKey?: string;
}

export interface SeriesView {
  readonly id: string;
  readonly status: 'active' | 'ended';
  readonly rule: RecurrenceRuleInput;
  readonly start: string;
  readonly durationMinutes: number;
  readonly skipped: readonly string[];
  readonly rescheduled: readonly { originalDate: string; newStart: string; durationMinutes?: number }[];
  readonly pausedUntil: string | null;
  readonly endsOn: string | null;
  readonly serviceCode: string;
  readonly nextOrders: readonly {
    readonly orderId: string;
    readonly startsAt: string;
    readonly status: OrderStatus;
  }[];
}

export interface SeriesRef {
  readonly customerId: string;
  readonly seriesId: string;
}

export interface SeriesDatePayload extends SeriesRef {
  /** Original local date of the occurrence, 'YYYY-MM-DD'. */
  readonly date: string;
}

export interface RescheduleOccurrencePayload extends SeriesDatePayload {
  readonly newStart: string;
  readonly durationMinutes?: number;
}

export interface PauseSeriesPayload extends SeriesRef {
  /** First date on which visits resume. */
  readonly until: string;
}

export interface EndSeriesPayload extends SeriesRef {
  /** Last date a visit may fall on; today when omitted. */
  readonly on?: string;
}

export interface ChangeSeriesFromPayload extends SeriesDatePayload {
  readonly rule?: RecurrenceRuleInput;
  readonly start?: string;
  readonly durationMinutes?: number;
  readonly endsOn?: string | null;
}

export interface MaterialiseResult {
  readonly series: number;
  readonly created: number;
}

// ---------------------------------------------------------------- providers

/** Where a job is, as precisely as deciding on an offer needs: postal code and district (city). */
export interface ServiceArea {
  readonly postalCode: string;
  readonly district: string;
}

/**
 * A job as a provider sees it. An offered provider sees what deciding needs (area, time,
 * duration, services, add-ons, whether there are pets); the street address, coordinates, door
 * code and notes, pets text, extra information and the customer's name are shown only while the
 * job is assigned to them and for a configured number of days after it was completed.
 */
export interface ProviderOrderView {
  readonly id: string;
  readonly status: OrderStatus;
  readonly serviceCode: string;
  readonly addOns: readonly OrderAddOnInput[];
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly area: ServiceArea;
  readonly hasPets: boolean;
  /** Only while the job is assigned to this provider (and shortly after its completion). */
  readonly address: ServiceAddress | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly accessNotes: string | null;
  readonly pets: string | null;
  readonly extraInfo: string | null;
  /** Only in the single-job view (`orders.get-provider-order`), when the details are shown. */
  readonly customerName: string | null;
  /** The job's comments, when the details are shown. */
  readonly comments: readonly { readonly body: string; readonly createdAt: string }[];
}

export interface ProviderOfferView {
  readonly offerId: string;
  readonly expiresAt: string;
  readonly order: ProviderOrderView;
}

export interface ProviderRef {
  readonly providerId: string;
}

export interface ProviderOrderRef extends ProviderRef {
  readonly orderId: string;
}

export interface AcceptOfferPayload extends ProviderRef {
  readonly offerId: string;
}

/** Longest reason a provider may give for releasing a job. */
export const RELEASE_REASON_MAX_LENGTH = 500;

export interface ReleaseOrderPayload extends ProviderOrderRef {
  /** Optional, 1 to RELEASE_REASON_MAX_LENGTH characters; kept with the released offer. */
  readonly reason?: string;
}

export interface AddCommentPayload extends ProviderOrderRef {
  readonly body: string;
}

export interface OrdersJobPayload {
  /** Overrides the clock (tests); ISO instant. */
  readonly now?: string;
}

export interface OrdersJobResult {
  readonly processed: number;
  /** Erasure receipts deleted: older than the DSR-record retention. */
  readonly erasureReceipts?: number;
}

// ---------------------------------------------------------------- invoices

export interface InvoiceLineView {
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly grossCents: number;
  readonly vatRateBp: number;
  readonly vatCents: number;
  readonly workCents: number;
}

export interface InvoiceView {
  readonly id: string;
  readonly number: number;
  readonly invoiceDate: string;
  readonly buyerName: string;
  readonly billingAddress: ServiceAddress;
  readonly lines: readonly InvoiceLineView[];
  readonly totalGrossCents: number;
  readonly vatTotalCents: number;
  readonly netCents: number;
  readonly workCents: number;
  readonly paymentMethod: PaymentMethod;
  readonly held: boolean;
  readonly heldBasis: string | null;
  readonly heldUntil: string | null;
}

/** A customer's own invoice, with what paying it needs. */
export interface CustomerInvoiceView extends InvoiceView {
  /** Invoice date plus the payment term, `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** Finnish national reference number (viitenumero), grouped in fives as printed. */
  readonly paymentReference: string;
  readonly vatBreakdown: readonly InvoiceVatView[];
}

export interface InvoiceVatView {
  readonly rateBp: number;
  readonly netCents: number;
  readonly vatCents: number;
  readonly grossCents: number;
}

export interface CustomerInvoicesPayload {
  readonly customerId: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface CustomerInvoiceRef {
  readonly customerId: string;
  readonly invoiceId: string;
}

export interface DeductionSummaryPayload {
  readonly customerId: string;
  /** The tax year: invoices dated in it. */
  readonly year: number;
}

/** The work share a customer paid in a tax year, for the household deduction (kotitalousvähennys). */
export interface DeductionSummaryView {
  readonly year: number;
  readonly items: readonly {
    readonly invoiceId: string;
    readonly invoiceNumber: number;
    readonly invoiceDate: string;
    readonly orderId: string | null;
    readonly totalGrossCents: number;
    /** Work share, VAT included, that qualifies for the deduction. */
    readonly workCents: number;
  }[];
  readonly totalGrossCents: number;
  readonly totalWorkCents: number;
  /** One person's estimate from the year's rate, deductible and maximum. */
  readonly estimate: {
    readonly rateBp: number;
    readonly deductibleCents: number;
    readonly maxCents: number;
    readonly estimatedCents: number;
    readonly parametersYear: number;
  };
}

export interface ListHeldInvoicesPayload {
  readonly page: number;
  readonly pageSize: number;
}
