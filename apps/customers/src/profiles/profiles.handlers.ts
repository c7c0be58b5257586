import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { ProfilesService } from './profiles.service.js';

@Controller()
export class ProfilesHandlers {
  constructor(private readonly profiles: ProfilesService) {}

  @HandleMessage('customers.get-profile')
  getProfile(
    @Payload() p: MessagePayload<'customers.get-profile'>,
  ): Promise<MessageResult<'customers.get-profile'>> {
    return this.profiles.getProfile(p.customerId);
  }

  @HandleMessage('customers.update-profile')
  updateProfile(
    @Payload() p: MessagePayload<'customers.update-profile'>,
  ): Promise<MessageResult<'customers.update-profile'>> {
    return this.profiles.update(p.customerId, p.changes, { kind: 'actor', actor: p.actor });
  }

  @HandleMessage('customers.get-contact')
  getContact(
    @Payload() p: MessagePayload<'customers.get-contact'>,
  ): Promise<MessageResult<'customers.get-contact'>> {
    return this.profiles.contact(p.accountId);
  }
}
