import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { IpAddressEntity } from '../accounts/ip-address.entity.js';
import { LoginThrottleEntity } from '../accounts/login-throttle.entity.js';
import { LoginThrottleService } from '../accounts/login-throttle.service.js';
import { RefreshTokenEntity } from '../accounts/refresh-token.entity.js';
import { AddressEntity } from '../addresses/address.entity.js';
import { IdentityCodeRevealEntity } from '../identity/identity-code-reveal.entity.js';
import { IdentityCodeEntity } from '../identity/identity-code.entity.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProfileChangeNotifier } from '../profiles/profile-change-notifier.js';
import { RectificationEntity } from '../profiles/rectification.entity.js';

/** Erases everything the customer register holds about the subject, in one transaction. Running it
 * again (a retried job) erases nothing more and returns zero counts. */
@Controller()
export class EraseSubjectHandler {
  constructor(
    private readonly db: DataSource,
    private readonly throttle: LoginThrottleService,
    private readonly changes: ProfileChangeNotifier,
  ) {}

  @HandleMessage('customers.erase-subject')
  erase(@Payload() p: MessagePayload<'customers.erase-subject'>): Promise<ErasureReceipt> {
    return this.changes.after(p.subjectId, () => this.eraseInTransaction(p));
  }

  private eraseInTransaction(p: MessagePayload<'customers.erase-subject'>): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const account = await tx
        .getRepository(AccountEntity)
        .findOne({ where: { id: p.subjectId, role: 'customer' }, select: { id: true, email: true } });
      const erase = async (entity: EntityTarget<ObjectLiteral>, where: ObjectLiteral): Promise<number> =>
        (await tx.getRepository(entity).delete(where)).affected ?? 0;
      // Children first: the account row is what the others reference. The identity code row holds
      // both the ciphertext and its blind index, so one delete removes both.
      const erased = {
        refresh_tokens: await erase(RefreshTokenEntity, { accountId: p.subjectId }),
        ip_addresses: await erase(IpAddressEntity, { accountId: p.subjectId }),
        login_throttles: account
          ? await erase(LoginThrottleEntity, { key: this.throttle.emailKey(account.email) })
          : 0,
        addresses: await erase(AddressEntity, { customerId: p.subjectId }),
        identity_codes: await erase(IdentityCodeEntity, { customerId: p.subjectId }),
        identity_code_reveals: await erase(IdentityCodeRevealEntity, { customerId: p.subjectId }),
        rectification_history: await erase(RectificationEntity, { customerId: p.subjectId }),
        customers: await erase(CustomerEntity, { id: p.subjectId }),
        accounts: await erase(AccountEntity, { id: p.subjectId, role: 'customer' }),
      };
      return { service: 'customers', erased, withheld: [] };
    });
  }
}
