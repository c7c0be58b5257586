import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider account's business details: a person, or a company with a business id. */
@Entity({ name: 'providers' })
export class ProviderEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  kind: 'person' | 'company';

  @Column({ name: 'business_id', type: 'text', nullable: true })
  businessId: string | null;

  @Column({ name: 'company_name', type: 'text', nullable: true })
  companyName: string | null;
}

/** A postal code in a provider's service area. */
@Entity({ name: 'provider_postal_codes' })
export class ProviderPostalCodeEntity {
  @PrimaryColumn({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @PrimaryColumn({ name: 'postal_code', type: 'text' })
  postalCode: string;
}

/** A catalogue service a provider does. */
@Entity({ name: 'provider_services' })
export class ProviderServiceEntity {
  @PrimaryColumn({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @PrimaryColumn({ name: 'service_code', type: 'text' })
  serviceCode: string;
}
