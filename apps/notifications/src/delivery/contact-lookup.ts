import { Injectable } from '@nestjs/common';
import { type ContactDetails, ErrorCode } from '@offera/contracts';
import { MessageBus, RemoteError } from '@offera/transport';

/** Contact details are asked for when needed and never stored: the customers service owns them. */
@Injectable()
export class ContactLookup {
  constructor(private readonly bus: MessageBus) {}

  /** `null` once the account is erased (or never existed); other failures throw, to be retried. */
  async find(accountId: string): Promise<ContactDetails | null> {
    try {
      return await this.bus.send('customers.get-contact', { accountId });
    } catch (error) {
      if (error instanceof RemoteError && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
  }
}
