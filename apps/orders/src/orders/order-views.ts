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
 * What a provider may see of a job: `offer` is what deciding needs (area, time, duration,
 * services, add-ons, whether there are pets); `full` adds the street address, coordinates, door
 * code and notes, pets text, extra information and comments (see `providerAccess`).
 */
export type ProviderAccess = 'offer' | 'full';

/** Whether the job's private details are shown to this provider now (see `ProviderAccess`). */
export function providerAccess(
  o: Pick<OrderEntity, 'providerId' | 'status' | 'completedAt'>,
  providerId: string,
  now: Date,
  detailsDaysAfterCompletion: number,
): ProviderAccess {
  if (o.providerId !== providerId) return 'offer';
  if (o.status === 'assigned' || o.status === 'in_progress') return 'full';
  if (o.status === 'completed' && o.completedAt) {
    const until = o.completedAt.getTime() + detailsDaysAfterCompletion * 86_400_000;
    return now.getTime() < until ? 'full' : 'offer';
  }
  return 'offer';
}

/** A provider's view of a job, at the given access (never more than `providerAccess` allows). */
export function providerOrderView(
  o: OrderEntity,
  comments: readonly OrderCommentEntity[],
  access: ProviderAccess,
  customerName: string | null = null,
): ProviderOrderView {
  const full = access === 'full';
  return {
    id: o.id,
    status: o.status,
    serviceCode: o.serviceCode,
    addOns: o.addOns,
    startsAt: o.startsAt.toISOString(),
    durationMinutes: o.durationMinutes,
    area: { postalCode: o.postalCode, district: o.address.city },
    hasPets: o.pets !== null && o.pets.trim() !== '',
    address: full ? o.address : null,
    latitude: full ? o.latitude : null,
    longitude: full ? o.longitude : null,
    accessNotes: full ? o.accessNotes : null,
    pets: full ? o.pets : null,
    extraInfo: full ? o.extraInfo : null,
    customerName: full ? customerName : null,
    comments: full ? commentViews(comments) : [],
  };
}
