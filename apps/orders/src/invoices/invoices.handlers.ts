import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { APP_CONFIG } from '@offera/config';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { answerOnce, deleteExpiredErasureReceipts } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import type { OrdersConfig } from '../config.js';
import { InvoicesService } from './invoices.service.js';

@Controller()
export class InvoicesHandlers {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: OrdersConfig,
  ) {}

  @HandleMessage('orders.list-held-invoices')
  listHeld(
    @Payload() p: MessagePayload<'orders.list-held-invoices'>,
  ): Promise<MessageResult<'orders.list-held-invoices'>> {
    return this.invoices.listHeld(p);
  }

  /** Invoices past their legal hold, and erasure receipts past the DSR-record retention. */
  @HandleMessage('orders.purge-expired-invoices')
  async purge(
    @Payload() p: MessagePayload<'orders.purge-expired-invoices'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'orders.purge-expired-invoices'>> {
    return answerOnce(this.db, ctx?.messageId, 'orders.purge-expired-invoices', async (tx) => {
      const now = p.now ? new Date(p.now) : new Date();
      const processed = await this.invoices.purgeExpired(now);
      const erasureReceipts = await deleteExpiredErasureReceipts(
        tx,
        this.config.requestRecordRetentionYears,
        now,
      );
      return { processed, erasureReceipts };
    });
  }
}
