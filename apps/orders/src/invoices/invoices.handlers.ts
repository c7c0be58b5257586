import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { InvoicesService } from './invoices.service.js';

@Controller()
export class InvoicesHandlers {
  constructor(private readonly invoices: InvoicesService) {}

  @HandleMessage('orders.list-held-invoices')
  listHeld(
    @Payload() p: MessagePayload<'orders.list-held-invoices'>,
  ): Promise<MessageResult<'orders.list-held-invoices'>> {
    return this.invoices.listHeld(p);
  }

  @HandleMessage('orders.purge-expired-invoices')
  async purge(
    @Payload() p: MessagePayload<'orders.purge-expired-invoices'>,
  ): Promise<MessageResult<'orders.purge-expired-invoices'>> {
    return { processed: await this.invoices.purgeExpired(p.now ? new Date(p.now) : new Date()) };
  }
}
