import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { IpAddressEntity } from '../accounts/ip-address.entity.js';
import { RefreshTokenEntity } from '../accounts/refresh-token.entity.js';
import { CustomerEntity } from '../profiles/customer.entity.js';

/** Erases everything the customer register holds about the subject, in one transaction. Running it
 * again (a retried job) erases nothing more and returns zero counts. */
@Controller()
export class EraseSubjectHandler {
  constructor(private readonly db: DataSource) {}

  @HandleMessage('customers.erase-subject')
  async erase(@Payload() p: MessagePayload<'customers.erase-subject'>): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const erase = async (entity: EntityTarget<ObjectLiteral>, where: ObjectLiteral): Promise<number> =>
        (await tx.getRepository(entity).delete(where)).affected ?? 0;
      // Children first: the account row is what the others reference.
      const erased = {
        refresh_tokens: await erase(RefreshTokenEntity, { accountId: p.subjectId }),
        ip_addresses: await erase(IpAddressEntity, { accountId: p.subjectId }),
        customers: await erase(CustomerEntity, { id: p.subjectId }),
        accounts: await erase(AccountEntity, { id: p.subjectId, role: 'customer' }),
      };
      return { service: 'customers', erased, withheld: [] };
    });
  }
}
