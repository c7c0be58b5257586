import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { CustomerInvoicesService } from './customer-invoices.service.js';

@Controller()
export class CustomerInvoicesHandlers {
  constructor(private readonly invoices: CustomerInvoicesService) {}

  @HandleMessage('orders.list-customer-invoices')
  list(
    @Payload() p: MessagePayload<'orders.list-customer-invoices'>,
  ): Promise<MessageResult<'orders.list-customer-invoices'>> {
    return this.invoices.list(p);
  }

  @HandleMessage('orders.get-customer-invoice')
  get(
    @Payload() p: MessagePayload<'orders.get-customer-invoice'>,
  ): Promise<MessageResult<'orders.get-customer-invoice'>> {
    return this.invoices.get(p);
  }

  @HandleMessage('orders.deduction-summary')
  summary(
    @Payload() p: MessagePayload<'orders.deduction-summary'>,
  ): Promise<MessageResult<'orders.deduction-summary'>> {
    return this.invoices.deductionSummary(p);
  }
}
