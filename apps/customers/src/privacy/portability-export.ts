import { Injectable } from '@nestjs/common';
import type { SubjectExport } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { ContactProfileEntity } from '../accounts/contact-profile.entity.js';
import { AddressEntity } from '../addresses/address.entity.js';
import { IdentityCodeEntity } from '../identity/identity-code.entity.js';
import { IdentityCodesService } from '../identity/identity-codes.service.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProvidersService } from '../providers/providers.service.js';

/**
 * Art. 20: what the subject gave the customer register, processed on contract — their sign-in
 * email, name, phone, language, addresses and identity code (a provider or staff member: their
 * contact details and a provider's business details, service area and services). Not what the service derived or
 * keeps for other reasons: customer number, coordinates, IP addresses, sessions, rectification
 * history, staff reveals.
 */
@Injectable()
export class PortabilityExport {
  constructor(
    private readonly db: DataSource,
    private readonly codes: IdentityCodesService,
    private readonly providers: ProvidersService,
  ) {}

  async build(subjectId: string): Promise<SubjectExport> {
    const [account, customer, addresses, code, contact, provider] = await Promise.all([
      this.db.getRepository(AccountEntity).findOneBy({ id: subjectId }),
      this.db.getRepository(CustomerEntity).findOneBy({ id: subjectId }),
      this.db
        .getRepository(AddressEntity)
        .find({ where: { customerId: subjectId }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(IdentityCodeEntity).findOneBy({ customerId: subjectId }),
      this.db.getRepository(ContactProfileEntity).findOneBy({ accountId: subjectId }),
      this.providers.details(subjectId),
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
        // A provider or staff member: the details they gave for their contract.
        ...(contact
          ? {
              contact_profile: [
                {
                  firstName: contact.firstName,
                  lastName: contact.lastName,
                  phone: contact.phone,
                  language: contact.language,
                },
              ],
            }
          : {}),
        ...(provider
          ? {
              provider: [
                {
                  kind: provider.kind,
                  businessId: provider.businessId,
                  companyName: provider.companyName,
                  postalCodes: provider.postalCodes.join(' '),
                  serviceCodes: provider.serviceCodes.join(' '),
                },
              ],
            }
          : {}),
      },
    };
  }
}
