import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { VisitsService } from './visits.service.js';

@Controller()
export class VisitsHandlers {
  constructor(private readonly visits: VisitsService) {}

  @HandleMessage('orders.add-comment')
  comment(@Payload() p: MessagePayload<'orders.add-comment'>): Promise<MessageResult<'orders.add-comment'>> {
    return this.visits.comment(p.providerId, p.orderId, p.body);
  }

  @HandleMessage('orders.start-visit')
  start(@Payload() p: MessagePayload<'orders.start-visit'>): Promise<MessageResult<'orders.start-visit'>> {
    return this.visits.start(p.providerId, p.orderId);
  }

  @HandleMessage('orders.complete-visit')
  complete(
    @Payload() p: MessagePayload<'orders.complete-visit'>,
  ): Promise<MessageResult<'orders.complete-visit'>> {
    return this.visits.complete(p.providerId, p.orderId);
  }
}
