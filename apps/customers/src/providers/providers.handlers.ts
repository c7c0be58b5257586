import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { ProvidersService } from './providers.service.js';

@Controller()
export class ProvidersHandlers {
  constructor(private readonly providers: ProvidersService) {}

  @HandleMessage('customers.find-eligible-providers')
  async findEligible(
    @Payload() p: MessagePayload<'customers.find-eligible-providers'>,
  ): Promise<MessageResult<'customers.find-eligible-providers'>> {
    return { providerIds: await this.providers.eligible(p.postalCode, p.serviceCode) };
  }
}
