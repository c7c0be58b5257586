import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';

/**
 * The orders service's part of an erasure. Until the booking tables land, the orders schema
 * holds nothing about a subject (its outbox carries ids only and is emptied on publish), so
 * the receipt truthfully lists nothing erased and nothing withheld.
 */
@Controller()
export class EraseSubjectHandler {
  @HandleMessage('orders.erase-subject')
  erase(@Payload() _p: MessagePayload<'orders.erase-subject'>): ErasureReceipt {
    return { service: 'orders', erased: {}, withheld: [] };
  }
}
