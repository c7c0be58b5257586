import { Injectable } from '@nestjs/common';
import type { SubjectExport } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { AddressEntity } from '../addresses/address.entity.js';
import { IdentityCodeEntity } from '../identity/identity-code.entity.js';
import { IdentityCodesService } from '../identity/identity-codes.service.js';
import { CustomerEntity } from '../profiles/customer.entity.js';

/**
 * Art. 20: what the subject gave the customer register, processed on contract — their sign-in
 * email, name, phone, language, addresses and identity code. Not what the service derived or
 * keeps for other reasons: customer number, coordinates, IP addresses, sessions, rectification
 * history, staff reveals.
 */
@Injectable()
export class PortabilityExport {
  constructor(
    private readonly db: DataSource,
    private readonly codes: IdentityCodesService,
  ) {}

  async build(subjectId: string): Promise<SubjectExport> {
    const [account, customer, addresses, code] = await Promise.all([
      this.db.getRepository(AccountEntity).findOneBy({ id: subjectId }),
      this.db.getRepository(CustomerEntity).findOneBy({ id: subjectId }),
      this.db
        .getRepository(AddressEntity)
        .find({ where: { customerId: subjectId }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(IdentityCodeEntity).findOneBy({ customerId: subjectId }),
    ]);
    return {
      service: 'customers',
      data: {
        account: account ? [{ email: account.email }] : [],
        customer: customer
          ? [
              {
                firstName: customer.firstName,
                lastName: customer.lastName,
                phone: customer.phone,
                language: customer.language,
              },
            ]
          : [],
        addresses: addresses.map((a) => ({
          street: a.street,
          postalCode: a.postalCode,
          city: a.city,
          country: a.country,
        })),
        identity_code: code ? [{ identityCode: this.codes.decrypt(code), purpose: code.purpose }] : [],
      },
    };
  }
}
