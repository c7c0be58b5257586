import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { BullMqContext, HandleEvent } from '@offera/transport';
import { MessagesService } from '../messages/messages.service.js';
import { RemindersService } from '../reminders/reminders.service.js';

/**
 * What customers and providers are told about their orders. Each event's messages are keyed by
 * its id (`ctx.messageId`), so a redelivered event sends nothing twice.
 */
@Controller()
export class OrderEventsHandlers {
  constructor(
    private readonly messages: MessagesService,
    private readonly reminders: RemindersService,
  ) {}

  @HandleEvent('order.placed')
  async onPlaced(@Payload() e: EventPayload<'order.placed'>, @Ctx() ctx: BullMqContext): Promise<void> {
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt);
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'order-received',
        channel: 'email',
        params: { orderId: e.orderId, startsAt: e.startsAt },
      },
    ]);
  }

  @HandleEvent('order.offered')
  async onOffered(@Payload() e: EventPayload<'order.offered'>, @Ctx() ctx: BullMqContext): Promise<void> {
    const params = { orderId: e.orderId, startsAt: e.startsAt, expiresAt: e.expiresAt };
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
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt);
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'provider-assigned',
        channel: 'email',
        // The provider's name is looked up when the message is sent, not stored.
        params: { orderId: e.orderId, startsAt: e.startsAt, providerId: e.providerId },
      },
    ]);
  }

  /** The provider gave the order back: the customer learns it is being offered again. */
  @HandleEvent('order.released')
  async onReleased(@Payload() e: EventPayload<'order.released'>, @Ctx() ctx: BullMqContext): Promise<void> {
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'provider-released',
        channel: 'email',
        params: { orderId: e.orderId, startsAt: e.startsAt },
      },
    ]);
  }

  @HandleEvent('order.rescheduled')
  async onRescheduled(
    @Payload() e: EventPayload<'order.rescheduled'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<void> {
    await this.reminders.schedule(e.orderId, e.customerId, e.startsAt);
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'order-rescheduled',
        channel: 'email',
        params: { orderId: e.orderId, startsAt: e.startsAt, previousStartsAt: e.previousStartsAt },
      },
    ]);
  }

  @HandleEvent('order.cancelled')
  async onCancelled(@Payload() e: EventPayload<'order.cancelled'>, @Ctx() ctx: BullMqContext): Promise<void> {
    await this.reminders.cancel(e.orderId);
    const params = { orderId: e.orderId, startsAt: e.startsAt };
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
    await this.messages.queue(ctx.messageId, [
      {
        recipientId: e.customerId,
        template: 'visit-completed',
        channel: 'email',
        params: { orderId: e.orderId },
      },
    ]);
  }
}
