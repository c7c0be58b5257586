import { Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { type AccountView, type CreateAccountPayload, ErrorCode, ROLES } from '@offera/contracts';
import { DomainError } from '@offera/transport';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { ContactProfileEntity } from '../accounts/contact-profile.entity.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { ProvidersService } from '../providers/providers.service.js';
import { checkEmail, checkLanguage, checkName, checkPhone } from '../shared/input.js';
import { invalid, RegisterError, RegisterErrorReason } from '../shared/register.errors.js';

/** Staff and provider accounts: created by an admin only (customers register themselves). */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly profiles: ProfilesService,
    private readonly providers: ProvidersService,
  ) {}

  /** `rowId` (the message id) makes a retried delivery return the account it already created. */
  async create(p: CreateAccountPayload, rowId?: string): Promise<AccountView> {
    // The gateway checks the role too; the service does not trust that it did.
    if (p.actor.role !== 'admin')
      throw new DomainError(ErrorCode.Forbidden, 'Only an admin may create accounts');
    if (!(ROLES as readonly string[]).includes(p.role) || (p.role as string) === 'customer')
      throw invalid('role must be provider, operator, dpo, accountant or admin');
    const email = checkEmail(p.email);
    if (typeof p.password !== 'string' || p.password.length < 10 || p.password.length > 256)
      throw invalid('password must be 10 to 256 characters long');
    const firstName = checkName('firstName', p.firstName);
    const lastName = checkName('lastName', p.lastName);
    const phone = p.phone === undefined ? null : checkPhone(p.phone);
    const language = p.language === undefined ? 'fi' : checkLanguage(p.language);
    if (p.role !== 'provider' && p.provider !== undefined)
      throw invalid('provider details are only for a provider');
    const provider = p.role === 'provider' ? this.providers.check(p.provider) : null;
    if (rowId && (await this.db.getRepository(AccountEntity).existsBy({ id: rowId })))
      return this.view(rowId);
    const passwordHash = await hash(p.password);
    const id = await this.db.transaction(async (tx) => {
      await this.profiles.assertEmailFree(tx, email);
      const account = await tx
        .getRepository(AccountEntity)
        .save(
          tx
            .getRepository(AccountEntity)
            .create({ ...(rowId ? { id: rowId } : {}), role: p.role, email, passwordHash }),
        );
      await tx
        .getRepository(ContactProfileEntity)
        .insert({ accountId: account.id, firstName, lastName, phone, language });
      if (provider) await this.providers.create(tx, account.id, provider);
      return account.id;
    });
    return this.view(id);
  }

  async view(accountId: string, tx: EntityManager = this.db.manager): Promise<AccountView> {
    const account = await tx.getRepository(AccountEntity).findOneBy({ id: accountId });
    if (!account) throw new RegisterError(RegisterErrorReason.AccountNotFound, 'Account not found');
    const person =
      account.role === 'customer'
        ? await tx.getRepository(CustomerEntity).findOneBy({ id: accountId })
        : await tx.getRepository(ContactProfileEntity).findOneBy({ accountId });
    return {
      id: account.id,
      role: account.role,
      email: account.email,
      firstName: person?.firstName ?? '',
      lastName: person?.lastName ?? '',
      phone: person?.phone ?? null,
      language: person?.language ?? 'fi',
      createdAt: account.createdAt.toISOString(),
      provider: account.role === 'provider' ? await this.providers.details(accountId, tx) : null,
    };
  }
}
