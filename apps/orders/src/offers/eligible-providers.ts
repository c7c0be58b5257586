import { Injectable } from '@nestjs/common';
import { MessageBus } from '@offera/transport';

/**
 * Finds the providers who serve a postal code and do a service, by asking the customers
 * service (which owns provider profiles). A failure is thrown, so the offering is retried.
 */
@Injectable()
export class EligibleProviders {
  constructor(private readonly bus: MessageBus) {}

  async find(postalCode: string, serviceCode: string): Promise<readonly string[]> {
    const result = await this.bus.send('customers.find-eligible-providers', { postalCode, serviceCode });
    return result.providerIds;
  }
}
