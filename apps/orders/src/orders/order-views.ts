import type { OrderView, ProviderOrderView, QuoteView } from '@offera/contracts';
import type { OrderCommentEntity } from './order-comment.entity.js';
import type { OrderRatingEntity } from './order-rating.entity.js';
import type { OrderEntity } from './order.entity.js';

const commentViews = (comments: readonly OrderCommentEntity[]) =>
  comments.map((c) => ({ body: c.body, createdAt: c.createdAt.toISOString() }));

/** The customer's view of their own order. */
export function customerOrderView(
  o: OrderEntity,
  comments: readonly OrderCommentEntity[],
  rating: OrderRatingEntity | null,
): OrderView {
  return {
    id: o.id,
    status: o.status,
    seriesId: o.seriesId,
    serviceCode: o.serviceCode,
    addOns: o.addOns,
    startsAt: o.startsAt.toISOString(),
    durationMinutes: o.durationMinutes,
    frequency: o.frequency,
    address: o.address,
    latitude: o.latitude,
    longitude: o.longitude,
    extraInfo: o.extraInfo,
    accessNotes: o.accessNotes,
    pets: o.pets,
    discountCode: o.discountCode,
    paymentMethod: o.paymentMethod,
    totalCents: o.totalCents,
    price: o.priceSnapshot as unknown as QuoteView,
    providerId: o.providerId,
    cancellationFeeCents: o.cancellationFeeCents,
    cancelledBy: o.cancelledBy,
    comments: commentViews(comments),
    rating: rating ? { rating: rating.rating, comment: rating.comment } : null,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * A provider's view. Address, coordinates, access notes, pets and extra information are shown
 * only while the order is offered to or assigned to this provider (`showPrivate`).
 */
export function providerOrderView(
  o: OrderEntity,
  comments: readonly OrderCommentEntity[],
  showPrivate: boolean,
): ProviderOrderView {
  return {
    id: o.id,
    status: o.status,
    serviceCode: o.serviceCode,
    addOns: o.addOns,
    startsAt: o.startsAt.toISOString(),
    durationMinutes: o.durationMinutes,
    address: showPrivate ? o.address : null,
    latitude: showPrivate ? o.latitude : null,
    longitude: showPrivate ? o.longitude : null,
    accessNotes: showPrivate ? o.accessNotes : null,
    pets: showPrivate ? o.pets : null,
    extraInfo: showPrivate ? o.extraInfo : null,
    comments: commentViews(comments),
  };
}
