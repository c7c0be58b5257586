import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { BullMqContext, HandleEvent } from '@offera/transport';
import { MessagesService } from '../messages/messages.service.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { OrderProgress } from './order-progress.js';

/** The event's number travels with its messages, so their delivery keeps the order's order. */
const sequenced = (e: { readonly orderId: string; readonly seq?: number }) => ({
  orderId: e.orderId,
  ...(e.seq !== undefined ? { seq: e.seq } : {}),
});

/**
 * What customers and providers are told about their orders. Each event's messages are keyed by
 * its id (`ctx.messageId`), so a redelivered event sends nothing twice; an event older than one
 * already handled for the same order (`seq`) sends nothing at all: the later state wins.
 */
@Controller()
export class OrderEventsHandlers {
  constructor(
    private readonly messages: MessagesService,
    private readonly reminders: RemindersService,
    private readonly progress: OrderProgress,
  ) {}

  @HandleEvent('order.placed')
  async onPlaced(@Payload() e: EventPayload<'order.placed'>, @Ctx() ctx: BullMqContext): Promise<void> {
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt, e.seq);
    // A series' visits are confirmed together by `series.created`, not one by one.
    if (e.seriesId) return;
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'order-received',
        channel: 'email',
        params: { ...sequenced(e), startsAt: e.startsAt },
      },
    ]);
  }

  /** One confirmation of a new series: its rule, first visits and price per visit. */
  @HandleEvent('series.created')
  async onSeriesCreated(
    @Payload() e: EventPayload<'series.created'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    const rule = e.rule;
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'series-confirmed',
        channel: 'email',
        params: {
          seriesId: e.seriesId,
          ruleKind: rule.kind,
          ruleDay: rule.kind === 'monthly_day' ? rule.day : null,
          ruleNth: rule.kind === 'monthly_nth_weekday' ? String(rule.nth) : null,
          ruleWeekday: rule.kind === 'monthly_nth_weekday' ? rule.weekday : null,
          firstVisits: e.firstVisits.join(','),
          pricePerVisitCents: e.pricePerVisitCents,
          durationMinutes: e.durationMinutes,
          changed: e.previousSeriesId ? 1 : 0,
        },
      },
    ]);
  }

  @HandleEvent('order.offered')
  async onOffered(@Payload() e: EventPayload<'order.offered'>, @Ctx() ctx: BullMqContext): Promise<void> {
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    // What deciding needs, and no more: the reference, the time and the reply deadline.
    const params = { ...sequenced(e), startsAt: e.startsAt, expiresAt: e.expiresAt };
    await this.messages.queue(
      ctx.messageId,
      [...new Set(e.providerIds)].map((providerId) => ({
        recipientId: providerId,
        template: 'new-offer' as const,
        channel: 'sms' as const,
        params,
      })),
    );
  }

  @HandleEvent('order.assigned')
  async onAssigned(@Payload() e: EventPayload<'order.assigned'>, @Ctx() ctx: BullMqContext): Promise<void> {
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt, e.seq);
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'provider-assigned',
        channel: 'email',
        // The provider's name is looked up when the message is sent, not stored.
        params: { ...sequenced(e), startsAt: e.startsAt, providerId: e.providerId },
      },
    ]);
  }

  /** The provider gave the order back: the customer learns it is being offered again. */
  @HandleEvent('order.released')
  async onReleased(@Payload() e: EventPayload<'order.released'>, @Ctx() ctx: BullMqContext): Promise<void> {
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'provider-released',
        channel: 'email',
        params: { ...sequenced(e), startsAt: e.startsAt },
      },
    ]);
  }

  @HandleEvent('order.rescheduled')
  async onRescheduled(
    @Payload() e: EventPayload<'order.rescheduled'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt, e.seq);
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'order-rescheduled',
        channel: 'email',
        params: { ...sequenced(e), startsAt: e.startsAt, previousStartsAt: e.previousStartsAt },
      },
    ]);
  }

  @HandleEvent('order.cancelled')
  async onCancelled(@Payload() e: EventPayload<'order.cancelled'>, @Ctx() ctx: BullMqContext): Promise<void> {
    // A cancellation is final: its reminder goes even if a later event was somehow seen first.
    await this.reminders.cancel(e.orderId);
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    const params = { ...sequenced(e), startsAt: e.startsAt };
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'order-cancelled',
        channel: 'email',
        params: { ...params, feeCents: e.feeCents, cancelledBy: e.cancelledBy },
      },
      ...(e.providerId
        ? [
            {
              recipientId: e.providerId,
              template: 'order-cancelled-provider' as const,
              channel: 'email' as const,
              params,
            },
          ]
        : []),
    ]);
  }

  @HandleEvent('order.completed')
  async onCompleted(@Payload() e: EventPayload<'order.completed'>, @Ctx() ctx: BullMqContext): Promise<void> {
    await this.reminders.cancel(e.orderId);
    if (!(await this.progress.advance(e.orderId, e.seq))) return;
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'visit-completed',
        channel: 'email',
        params: sequenced(e),
      },
    ]);
  }
}
