import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ErrorCode, type MessagePayload, type MessageResult } from '@offera/contracts';
import { DomainError, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { CustomerEntity } from './customer.entity.js';

@Controller()
export class ProfilesHandlers {
  constructor(private readonly db: DataSource) {}

  @HandleMessage('customers.get-profile')
  async getProfile(
    @Payload() p: MessagePayload<'customers.get-profile'>,
  ): Promise<MessageResult<'customers.get-profile'>> {
    const [customer, account] = await Promise.all([
      this.db.getRepository(CustomerEntity).findOneBy({ id: p.customerId }),
      this.db
        .getRepository(AccountEntity)
        .findOne({ where: { id: p.customerId }, select: { id: true, email: true } }),
    ]);
    if (!customer || !account) throw new DomainError(ErrorCode.NotFound, 'Customer not found');
    return {
      id: customer.id,
      customerNumber: customer.customerNumber,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: account.email,
      createdAt: customer.createdAt.toISOString(),
    };
  }

  @HandleMessage('customers.get-contact')
  async getContact(
    @Payload() p: MessagePayload<'customers.get-contact'>,
  ): Promise<MessageResult<'customers.get-contact'>> {
    const account = await this.db.getRepository(AccountEntity).findOneBy({ id: p.accountId });
    if (!account) throw new DomainError(ErrorCode.NotFound, 'Account not found');
    const customer = await this.db.getRepository(CustomerEntity).findOneBy({ id: p.accountId });
    return {
      accountId: account.id,
      role: account.role,
      email: account.email,
      phone: null,
      firstName: customer?.firstName ?? '',
      lastName: customer?.lastName ?? '',
      language: 'fi',
    };
  }
}
