import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { InvoicesService } from './invoices.service.js';

@Controller()
export class InvoicesHandlers {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly db: DataSource,
  ) {}

  @HandleMessage('orders.list-held-invoices')
  listHeld(
    @Payload() p: MessagePayload<'orders.list-held-invoices'>,
  ): Promise<MessageResult<'orders.list-held-invoices'>> {
    return this.invoices.listHeld(p);
  }

  @HandleMessage('orders.purge-expired-invoices')
  async purge(
    @Payload() p: MessagePayload<'orders.purge-expired-invoices'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'orders.purge-expired-invoices'>> {
    return answerOnce(this.db, ctx?.messageId, 'orders.purge-expired-invoices', async () => ({
      processed: await this.invoices.purgeExpired(p.now ? new Date(p.now) : new Date()),
    }));
  }
}
