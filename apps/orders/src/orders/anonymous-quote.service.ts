import { Injectable } from '@nestjs/common';
import type { AnonymousQuotePayload, QuoteView } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { OrderPricingService, parseStart, requireFuture } from './order-pricing.service.js';

/**
 * The booking site's price before sign-up: the same engine and catalogue as the customer's
 * quote, with no customer. So no history (priced as a new customer, nothing of the household
 * deduction used this year) and no discount code; nothing is stored.
 */
@Injectable()
export class AnonymousQuoteService {
  constructor(
    private readonly db: DataSource,
    private readonly pricing: OrderPricingService,
  ) {}

  async quote(p: AnonymousQuotePayload): Promise<QuoteView> {
    const now = new Date();
    const startsAt = parseStart(p.startsAt);
    requireFuture(startsAt, now);
    const snapshot = await this.pricing.price(this.db.manager, {
      customerId: null,
      startsAt,
      frequency: p.frequency,
      details: { serviceCode: p.serviceCode, addOns: p.addOns ?? [], ...sizeOf(p) },
      lockDiscount: false,
      now,
    });
    return snapshot as unknown as QuoteView;
  }
}

/** Only the sizing fields go to the engine: the payload carries nothing else it should use. */
const sizeOf = (p: AnonymousQuotePayload) => ({
  ...(p.durationMinutes !== undefined ? { durationMinutes: p.durationMinutes } : {}),
  ...(p.floorAreaM2 !== undefined ? { floorAreaM2: p.floorAreaM2 } : {}),
});
