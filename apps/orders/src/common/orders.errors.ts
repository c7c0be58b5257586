import { ErrorCode } from '@offera/contracts';
import { domainErrorFor } from '@offera/transport';

export enum OrdersErrorReason {
  InvalidInput = 'INVALID_INPUT',
  UnknownItem = 'UNKNOWN_ITEM',
  ItemExists = 'ITEM_EXISTS',
  PriceInPast = 'PRICE_IN_PAST',
  CodeExists = 'CODE_EXISTS',
  DiscountRejected = 'DISCOUNT_REJECTED',
  OrderNotFound = 'ORDER_NOT_FOUND',
  SeriesNotFound = 'SERIES_NOT_FOUND',
  OfferNotFound = 'OFFER_NOT_FOUND',
  IllegalTransition = 'ILLEGAL_TRANSITION',
  StartInPast = 'START_IN_PAST',
  AlreadyStarted = 'ALREADY_STARTED',
  NotCompleted = 'NOT_COMPLETED',
  AlreadyRated = 'ALREADY_RATED',
  OfferGone = 'OFFER_GONE',
  OfferTaken = 'OFFER_TAKEN',
  BuyerUnknown = 'BUYER_UNKNOWN',
  ReleaseTooLate = 'RELEASE_TOO_LATE',
  VisitTooEarly = 'VISIT_TOO_EARLY',
  InvoiceNotFound = 'INVOICE_NOT_FOUND',
  AddressNotFound = 'ADDRESS_NOT_FOUND',
  SubjectErased = 'SUBJECT_ERASED',
  AccountInactive = 'ACCOUNT_INACTIVE',
}

const CODES: Record<OrdersErrorReason, ErrorCode> = {
  [OrdersErrorReason.InvalidInput]: ErrorCode.ValidationFailed,
  [OrdersErrorReason.UnknownItem]: ErrorCode.ValidationFailed,
  [OrdersErrorReason.ItemExists]: ErrorCode.Conflict,
  [OrdersErrorReason.PriceInPast]: ErrorCode.ValidationFailed,
  [OrdersErrorReason.CodeExists]: ErrorCode.Conflict,
  [OrdersErrorReason.DiscountRejected]: ErrorCode.Unprocessable,
  [OrdersErrorReason.OrderNotFound]: ErrorCode.NotFound,
  [OrdersErrorReason.SeriesNotFound]: ErrorCode.NotFound,
  [OrdersErrorReason.OfferNotFound]: ErrorCode.NotFound,
  [OrdersErrorReason.IllegalTransition]: ErrorCode.Conflict,
  [OrdersErrorReason.StartInPast]: ErrorCode.ValidationFailed,
  [OrdersErrorReason.AlreadyStarted]: ErrorCode.Conflict,
  [OrdersErrorReason.NotCompleted]: ErrorCode.Conflict,
  [OrdersErrorReason.AlreadyRated]: ErrorCode.Conflict,
  [OrdersErrorReason.OfferGone]: ErrorCode.Conflict,
  [OrdersErrorReason.OfferTaken]: ErrorCode.Conflict,
  [OrdersErrorReason.BuyerUnknown]: ErrorCode.Unprocessable,
  [OrdersErrorReason.ReleaseTooLate]: ErrorCode.Conflict,
  [OrdersErrorReason.VisitTooEarly]: ErrorCode.Conflict,
  [OrdersErrorReason.InvoiceNotFound]: ErrorCode.NotFound,
  [OrdersErrorReason.AddressNotFound]: ErrorCode.NotFound,
  [OrdersErrorReason.SubjectErased]: ErrorCode.Forbidden,
  [OrdersErrorReason.AccountInactive]: ErrorCode.Forbidden,
};

/** Booking failures the gateway maps to 400/404/409/422; messages hold no personal data. */
export class OrdersError extends domainErrorFor(CODES) {}

export const notFound = (what: 'order' | 'series' | 'offer'): OrdersError =>
  what === 'order'
    ? new OrdersError(OrdersErrorReason.OrderNotFound, 'Order not found')
    : what === 'series'
      ? new OrdersError(OrdersErrorReason.SeriesNotFound, 'Series not found')
      : new OrdersError(OrdersErrorReason.OfferNotFound, 'Offer not found');
