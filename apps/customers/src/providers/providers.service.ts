import { Injectable } from '@nestjs/common';
import type { ProviderDetails, ProviderDetailsInput } from '@offera/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { invalid, RegisterError, RegisterErrorReason } from '../shared/register.errors.js';
import { parseBusinessId } from '../validation/business-id.js';
import { isFinnishPostalCode } from '../validation/address.js';
import { ProviderEntity, ProviderPostalCodeEntity, ProviderServiceEntity } from './provider.entity.js';

const SERVICE_CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_POSTAL_CODES = 1000;
const MAX_SERVICES = 100;

/** Providers' business details, service areas and services, and who may be offered an order. */
@Injectable()
export class ProvidersService {
  constructor(private readonly db: DataSource) {}

  /** Validated and normalised details; throws VALIDATION_FAILED naming the bad field. */
  check(input: ProviderDetailsInput | undefined): ProviderDetails {
    if (!input || (input.kind !== 'person' && input.kind !== 'company'))
      throw invalid('provider.kind must be person or company');
    let businessId: string | null = null;
    let companyName: string | null = null;
    if (input.kind === 'company') {
      const parsed = parseBusinessId(input.businessId);
      if (!parsed.ok) throw invalid('provider.businessId is not a valid Finnish business id (Y-tunnus)');
      businessId = parsed.value;
      companyName = typeof input.companyName === 'string' ? input.companyName.trim() : '';
      if (companyName.length < 1 || companyName.length > 200)
        throw invalid('provider.companyName must be 1 to 200 characters for a company');
    } else if (input.businessId !== undefined || input.companyName !== undefined) {
      throw invalid('provider.businessId and provider.companyName are only for a company');
    }
    const postalCodes = [
      ...new Set((input.postalCodes ?? []).map((c) => (typeof c === 'string' ? c.trim() : ''))),
    ];
    if (
      !postalCodes.length ||
      postalCodes.length > MAX_POSTAL_CODES ||
      !postalCodes.every(isFinnishPostalCode)
    )
      throw invalid(`provider.postalCodes must be 1 to ${MAX_POSTAL_CODES} Finnish postal codes of 5 digits`);
    const serviceCodes = [...new Set(input.serviceCodes ?? [])];
    if (
      !serviceCodes.length ||
      serviceCodes.length > MAX_SERVICES ||
      !serviceCodes.every((c) => typeof c === 'string' && SERVICE_CODE.test(c))
    )
      throw invalid(`provider.serviceCodes must be 1 to ${MAX_SERVICES} service codes (a-z, 0-9, _ and -)`);
    return {
      kind: input.kind,
      businessId,
      companyName,
      postalCodes: postalCodes.sort(),
      serviceCodes: serviceCodes.sort(),
    };
  }

  async create(tx: EntityManager, accountId: string, details: ProviderDetails): Promise<void> {
    if (
      details.businessId &&
      (await tx.getRepository(ProviderEntity).existsBy({ businessId: details.businessId }))
    )
      throw new RegisterError(
        RegisterErrorReason.BusinessIdTaken,
        'A provider with this business id already exists',
      );
    await tx.getRepository(ProviderEntity).insert({
      accountId,
      kind: details.kind,
      businessId: details.businessId,
      companyName: details.companyName,
    });
    await tx
      .getRepository(ProviderPostalCodeEntity)
      .insert(details.postalCodes.map((postalCode) => ({ providerId: accountId, postalCode })));
    await tx
      .getRepository(ProviderServiceEntity)
      .insert(details.serviceCodes.map((serviceCode) => ({ providerId: accountId, serviceCode })));
  }

  async details(accountId: string, tx: EntityManager = this.db.manager): Promise<ProviderDetails | null> {
    const provider = await tx.getRepository(ProviderEntity).findOneBy({ accountId });
    if (!provider) return null;
    const [areas, services] = await Promise.all([
      tx
        .getRepository(ProviderPostalCodeEntity)
        .find({ where: { providerId: accountId }, order: { postalCode: 'ASC' } }),
      tx
        .getRepository(ProviderServiceEntity)
        .find({ where: { providerId: accountId }, order: { serviceCode: 'ASC' } }),
    ]);
    return {
      kind: provider.kind,
      businessId: provider.businessId,
      companyName: provider.companyName,
      postalCodes: areas.map((a) => a.postalCode),
      serviceCodes: services.map((s) => s.serviceCode),
    };
  }

  /** Providers serving the postal code who do the service, in a stable order. */
  async eligible(postalCode: string, serviceCode: string): Promise<string[]> {
    if (!isFinnishPostalCode(postalCode))
      throw invalid('postalCode must be a Finnish postal code of 5 digits');
    if (typeof serviceCode !== 'string' || !SERVICE_CODE.test(serviceCode))
      throw invalid('serviceCode is not a service code');
    const rows = await this.db
      .getRepository(ProviderEntity)
      .createQueryBuilder('p')
      .select('p.account_id', 'id')
      .innerJoin(
        ProviderPostalCodeEntity,
        'pc',
        'pc.provider_id = p.account_id AND pc.postal_code = :postalCode',
        {
          postalCode: postalCode.trim(),
        },
      )
      .innerJoin(
        ProviderServiceEntity,
        'ps',
        'ps.provider_id = p.account_id AND ps.service_code = :serviceCode',
        {
          serviceCode,
        },
      )
      .orderBy('p.account_id')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
