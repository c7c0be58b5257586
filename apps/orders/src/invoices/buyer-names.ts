import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@offera/contracts';
import { MessageBus, RemoteError } from '@offera/transport';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';

/**
 * The buyer's name for an invoice, asked from the customer register (which owns it) before the
 * billing transaction starts, so no row lock is held while the register answers.
 */
@Injectable()
export class BuyerNames {
  constructor(private readonly bus: MessageBus) {}

  async of(customerId: string): Promise<string> {
    try {
      const contact = await this.bus.send('customers.get-contact', { accountId: customerId });
      return `${contact.firstName} ${contact.lastName}`;
    } catch (err) {
      if (err instanceof RemoteError && err.code === ErrorCode.NotFound) {
        throw new OrdersError(
          OrdersErrorReason.BuyerUnknown,
          'The buyer is no longer in the customer register',
        );
      }
      throw err;
    }
  }
}
