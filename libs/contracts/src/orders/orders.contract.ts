import type { Message } from '../message.js';
import type {
  ErasureReceipt,
  EraseSubjectPayload,
  ExportSubjectPayload,
  RectificationReceipt,
  RectifySubjectPayload,
  RestrictionReceipt,
  RestrictSubjectPayload,
  SubjectExport,
} from '../privacy/privacy.messages.js';
import type {
  AcceptOfferPayload,
  AnonymousQuotePayload,
  AddCommentPayload,
  CancellationPreviewView,
  CatalogAddOnView,
  CatalogServiceView,
  CatalogView,
  ChangeSeriesFromPayload,
  CreateCatalogItemPayload,
  CreateDiscountCodePayload,
  CreateSeriesPayload,
  CustomerInvoiceRef,
  CustomerInvoicesPayload,
  CustomerInvoiceView,
  CustomerOrderRef,
  DeductionSummaryPayload,
  DeductionSummaryView,
  DiscountCodeView,
  EscalatedOrderView,
  EndSeriesPayload,
  GetCatalogPayload,
  InvoiceView,
  ListHeldInvoicesPayload,
  ListOrdersPayload,
  MaterialiseResult,
  OfferOrderPayload,
  OfferResult,
  OrdersJobPayload,
  OrdersJobResult,
  OrdersPage,
  OrderView,
  PauseSeriesPayload,
  PlaceOrderPayload,
  ProviderOfferView,
  ProviderOrderRef,
  ProviderOrderView,
  ProviderRef,
  QuotePayload,
  QuoteView,
  RateOrderPayload,
  RecurrenceRuleInput,
  ReleaseOrderPayload,
  RescheduleOccurrencePayload,
  RescheduleOrderPayload,
  SeriesDatePayload,
  SeriesRef,
  SeriesView,
  SetCatalogPricePayload,
  UpdateCatalogItemPayload,
} from './orders.messages.js';

type CatalogItemView = CatalogServiceView | CatalogAddOnView;

/** Messages the orders service handles. Names are frozen once in use. */
export interface OrdersMessages {
  'orders.erase-subject': Message<EraseSubjectPayload, ErasureReceipt>;
  'orders.export-subject': Message<ExportSubjectPayload, SubjectExport>;
  'orders.rectify-subject': Message<RectifySubjectPayload, RectificationReceipt>;
  /** Art. 18: restricted orders are stored but not offered to providers. */
  'orders.restrict-subject': Message<RestrictSubjectPayload, RestrictionReceipt>;
  'orders.get-catalog': Message<GetCatalogPayload, CatalogView>;
  'orders.create-catalog-item': Message<CreateCatalogItemPayload, CatalogItemView>;
  'orders.update-catalog-item': Message<UpdateCatalogItemPayload, CatalogItemView>;
  'orders.set-catalog-price': Message<SetCatalogPricePayload, CatalogItemView>;
  'orders.create-discount-code': Message<CreateDiscountCodePayload, DiscountCodeView>;
  'orders.quote': Message<QuotePayload, QuoteView>;
  /** The booking site's quote before sign-up: same engine, no customer (see the payload). */
  'orders.anonymous-quote': Message<AnonymousQuotePayload, QuoteView>;
  'orders.place': Message<PlaceOrderPayload, OrderView>;
  'orders.list': Message<ListOrdersPayload, OrdersPage<OrderView>>;
  'orders.get': Message<CustomerOrderRef, OrderView>;
  'orders.reschedule': Message<RescheduleOrderPayload, OrderView>;
  /** What cancelling now would cost (fee, until when it is free, the policy); changes nothing. */
  'orders.cancellation-preview': Message<CustomerOrderRef, CancellationPreviewView>;
  'orders.cancel': Message<CustomerOrderRef, OrderView>;
  /** Operator: the company cancels (never a fee for the customer). */
  'orders.cancel-by-company': Message<{ readonly orderId: string }, OrderView>;
  'orders.rate': Message<RateOrderPayload, OrderView>;
  /** Operator: offer an order (again) to given or eligible providers. */
  'orders.offer': Message<OfferOrderPayload, OfferResult>;
  /** Operator: orders no provider took, oldest visit first. */
  'orders.list-escalated': Message<Record<string, never>, readonly EscalatedOrderView[]>;
  'orders.create-series': Message<CreateSeriesPayload, SeriesView>;
  'orders.list-series': Message<{ readonly customerId: string }, readonly SeriesView[]>;
  'orders.get-series': Message<SeriesRef, SeriesView>;
  'orders.skip-occurrence': Message<SeriesDatePayload, SeriesView>;
  'orders.reschedule-occurrence': Message<RescheduleOccurrencePayload, SeriesView>;
  'orders.pause-series': Message<PauseSeriesPayload, SeriesView>;
  'orders.end-series': Message<EndSeriesPayload, SeriesView>;
  /** "This and future": returns the new series. */
  'orders.change-series-from': Message<ChangeSeriesFromPayload, SeriesView>;
  /** Repeatable job: creates the next weeks' visits of every active series; safe to run twice. */
  'orders.materialise-series': Message<OrdersJobPayload, MaterialiseResult>;
  'orders.list-offers': Message<ProviderRef, readonly ProviderOfferView[]>;
  'orders.accept-offer': Message<AcceptOfferPayload, ProviderOrderView>;
  'orders.list-provider-orders': Message<ProviderRef, readonly ProviderOrderView[]>;
  'orders.get-provider-order': Message<ProviderOrderRef, ProviderOrderView>;
  'orders.add-comment': Message<AddCommentPayload, ProviderOrderView>;
  'orders.start-visit': Message<ProviderOrderRef, ProviderOrderView>;
  'orders.complete-visit': Message<ProviderOrderRef, ProviderOrderView>;
  /** The assigned provider gives a job back before it starts; it is offered to others again. */
  'orders.release-order': Message<ReleaseOrderPayload, ProviderOrderView>;
  /** Repeatable job: expired offers are re-offered or escalated to an operator. */
  'orders.expire-offers': Message<OrdersJobPayload, OrdersJobResult>;
  /** Accountant only (the gateway checks the role). */
  'orders.list-held-invoices': Message<ListHeldInvoicesPayload, OrdersPage<InvoiceView>>;
  /** Repeatable job: deletes held invoices whose retention has expired. */
  'orders.purge-expired-invoices': Message<OrdersJobPayload, OrdersJobResult>;
  /** The customer's own invoices, newest first (never held ones: those are the accountant's). */
  'orders.list-customer-invoices': Message<CustomerInvoicesPayload, OrdersPage<CustomerInvoiceView>>;
  'orders.get-customer-invoice': Message<CustomerInvoiceRef, CustomerInvoiceView>;
  /** Work share paid in a tax year, per invoice and in total, for the household deduction. */
  'orders.deduction-summary': Message<DeductionSummaryPayload, DeductionSummaryView>;
}

export const ORDERS_ROUTES: Readonly<Record<keyof OrdersMessages, 'orders'>> = {
  'orders.erase-subject': 'orders',
  'orders.export-subject': 'orders',
  'orders.rectify-subject': 'orders',
  'orders.restrict-subject': 'orders',
  'orders.get-catalog': 'orders',
  'orders.create-catalog-item': 'orders',
  'orders.update-catalog-item': 'orders',
  'orders.set-catalog-price': 'orders',
  'orders.create-discount-code': 'orders',
  'orders.quote': 'orders',
  'orders.anonymous-quote': 'orders',
  'orders.place': 'orders',
  'orders.list': 'orders',
  'orders.get': 'orders',
  'orders.reschedule': 'orders',
  'orders.cancellation-preview': 'orders',
  'orders.cancel': 'orders',
  'orders.cancel-by-company': 'orders',
  'orders.rate': 'orders',
  'orders.offer': 'orders',
  'orders.list-escalated': 'orders',
  'orders.create-series': 'orders',
  'orders.list-series': 'orders',
  'orders.get-series': 'orders',
  'orders.skip-occurrence': 'orders',
  'orders.reschedule-occurrence': 'orders',
  'orders.pause-series': 'orders',
  'orders.end-series': 'orders',
  'orders.change-series-from': 'orders',
  'orders.materialise-series': 'orders',
  'orders.list-offers': 'orders',
  'orders.accept-offer': 'orders',
  'orders.list-provider-orders': 'orders',
  'orders.get-provider-order': 'orders',
  'orders.add-comment': 'orders',
  'orders.start-visit': 'orders',
  'orders.complete-visit': 'orders',
  'orders.release-order': 'orders',
  'orders.expire-offers': 'orders',
  'orders.list-held-invoices': 'orders',
  'orders.purge-expired-invoices': 'orders',
  'orders.list-customer-invoices': 'orders',
  'orders.get-customer-invoice': 'orders',
  'orders.deduction-summary': 'orders',
};

interface OrderEventBase {
  readonly orderId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  /**
   * The order's event number (1, 2, …, in the order its changes committed): of two events of one
   * order, the higher is the later state. Set by the orders service when it writes the event.
   */
  readonly seq?: number;
}

export interface OrderPlacedEvent extends OrderEventBase {
  /** ISO instant of the visit's start. */
  readonly startsAt: string;
  readonly seriesId: string | null;
}

export interface OrderOfferedEvent extends OrderEventBase {
  readonly providerIds: readonly string[];
  readonly expiresAt: string;
  readonly startsAt: string;
}

export interface OrderAssignedEvent extends OrderEventBase {
  readonly providerId: string;
  readonly startsAt: string;
}

export interface OrderRescheduledEvent extends OrderEventBase {
  readonly providerId: string | null;
  readonly startsAt: string;
  readonly previousStartsAt: string;
}

export interface OrderCancelledEvent extends OrderEventBase {
  readonly providerId: string | null;
  readonly startsAt: string;
  readonly cancelledBy: 'customer' | 'company';
  readonly feeCents: number;
}

/** The assigned provider released the job; it is `requested` again, to be offered to others. */
export interface OrderReleasedEvent extends OrderEventBase {
  /** The provider who released it (excluded when it is offered again). */
  readonly providerId: string;
  readonly startsAt: string;
}

export interface OrderCompletedEvent extends OrderEventBase {
  readonly providerId: string;
}

export interface OrderRatedEvent extends OrderEventBase {
  readonly providerId: string;
  readonly rating: number;
}

/**
 * A recurring series was booked (or continued with changes "this and future"): one summary for
 * the customer instead of one message per visit. Its visits' `order.placed` events follow.
 */
export interface SeriesCreatedEvent {
  readonly seriesId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly rule: RecurrenceRuleInput;
  /** The first visits' starts (ISO instants), earliest first; at most 4. */
  readonly firstVisits: readonly string[];
  /** The first visit's price, VAT included, in cents. */
  readonly pricePerVisitCents: number;
  readonly durationMinutes: number;
  /** The series it continues, when it was made by changing one "this and future". */
  readonly previousSeriesId: string | null;
}

/** Events the orders service emits (through its outbox). They carry ids, not personal data. */
export interface OrdersEvents {
  'series.created': SeriesCreatedEvent;
  'order.placed': OrderPlacedEvent;
  'order.offered': OrderOfferedEvent;
  'order.assigned': OrderAssignedEvent;
  'order.rescheduled': OrderRescheduledEvent;
  'order.cancelled': OrderCancelledEvent;
  'order.released': OrderReleasedEvent;
  'order.completed': OrderCompletedEvent;
  'order.rated': OrderRatedEvent;
}

/** Events the orders service subscribes to. */
export const ORDERS_SUBSCRIPTIONS = [
  // Its own events: offering a placed or released order happens after the commit, retried until done.
  'order.placed',
  'order.released',
  // A locked or deactivated customer gets no new orders or series, whoever asks.
  'account.status-changed',
] as const;
