import { Injectable } from '@nestjs/common';
import type {
  ContactDetails,
  CustomerProfile,
  IdentityCodePurpose,
  Language,
  ProfileChanges,
} from '@offera/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { ContactProfileEntity } from '../accounts/contact-profile.entity.js';
import { IdentityCodeEntity } from '../identity/identity-code.entity.js';
import { IdentityCodesService } from '../identity/identity-codes.service.js';
import { checkEmail, checkLanguage, checkName, checkPhone } from '../shared/input.js';
import {
  customerNotFound,
  RegisterError,
  RegisterErrorReason,
  restricted,
} from '../shared/register.errors.js';
import { CustomerEntity } from './customer.entity.js';
import { type ChangeAuthor, recordChanges } from './rectification-history.js';
import { ProfileChangeNotifier } from './profile-change-notifier.js';

interface ProfileRow {
  id: string;
  customer_number: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  language: Language;
  restricted: boolean;
  created_at: Date;
  email: string;
  key_id: string | null;
  ciphertext: Buffer | null;
  purpose: IdentityCodePurpose | null;
  code_updated_at: Date | null;
}

const PROFILE_SQL = `SELECT c.id, c.customer_number, c.first_name, c.last_name, c.phone, c.language,
       c.restricted, c.created_at, a.email, i.key_id, i.ciphertext, i.purpose,
       i.updated_at AS code_updated_at
  FROM customers c
  JOIN accounts a ON a.id = c.id
  LEFT JOIN identity_codes i ON i.customer_id = c.id
 WHERE c.id = $1`;

/** The customer's own record: read, edit (with rectification history), contact details. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly db: DataSource,
    private readonly identityCodes: IdentityCodesService,
    private readonly changes: ProfileChangeNotifier,
  ) {}

  /**
   * One query (customer, account email, identity code): this is the hottest read, so it is
   * plain SQL with explicit columns rather than a query builder (a third of its CPU).
   */
  async getProfile(customerId: string, tx: EntityManager = this.db.manager): Promise<CustomerProfile> {
    const rows = await tx.query<ProfileRow[]>(PROFILE_SQL, [customerId]);
    const row = rows[0];
    if (!row) throw customerNotFound();
    return {
      id: row.id,
      customerNumber: row.customer_number,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      createdAt: row.created_at.toISOString(),
      phone: row.phone,
      language: row.language,
      identityCode:
        row.key_id && row.ciphertext && row.purpose && row.code_updated_at
          ? this.identityCodes.masked(
              Object.assign(new IdentityCodeEntity(), {
                keyId: row.key_id,
                ciphertext: row.ciphertext,
                purpose: row.purpose,
                updatedAt: row.code_updated_at,
              }),
            )
          : null,
      restricted: row.restricted,
    };
  }

  async update(customerId: string, changes: ProfileChanges, author: ChangeAuthor): Promise<CustomerProfile> {
    return (await this.apply(customerId, changes, author)).profile;
  }

  /** Applies the changes that differ from what is stored; records which fields changed. */
  async apply(
    customerId: string,
    changes: ProfileChanges,
    author: ChangeAuthor,
  ): Promise<{ profile: CustomerProfile; changed: string[] }> {
    // Validate before touching anything, so bad input changes nothing.
    const next = {
      firstName: changes.firstName === undefined ? undefined : checkName('firstName', changes.firstName),
      lastName: changes.lastName === undefined ? undefined : checkName('lastName', changes.lastName),
      email: changes.email === undefined ? undefined : checkEmail(changes.email),
      phone:
        changes.phone === undefined ? undefined : changes.phone === null ? null : checkPhone(changes.phone),
      language: changes.language === undefined ? undefined : checkLanguage(changes.language),
    };
    return this.changes.after(customerId, () => this.applyInTransaction(customerId, next, author));
  }

  private applyInTransaction(
    customerId: string,
    next: { readonly [K in keyof ProfileChanges]: ProfileChanges[K] | undefined },
    author: ChangeAuthor,
  ): Promise<{ profile: CustomerProfile; changed: string[] }> {
    return this.db.transaction(async (tx) => {
      const customer = await this.lockCustomer(tx, customerId);
      const account = await tx.getRepository(AccountEntity).findOneByOrFail({ id: customerId });
      const changed: string[] = [];
      const patch: Partial<CustomerEntity> = {};
      if (next.firstName !== undefined && next.firstName !== customer.firstName) {
        patch.firstName = next.firstName;
        changed.push('firstName');
      }
      if (next.lastName !== undefined && next.lastName !== customer.lastName) {
        patch.lastName = next.lastName;
        changed.push('lastName');
      }
      if (next.phone !== undefined && next.phone !== customer.phone) {
        patch.phone = next.phone;
        changed.push('phone');
      }
      if (next.language !== undefined && next.language !== customer.language) {
        patch.language = next.language;
        changed.push('language');
      }
      if (next.email !== undefined && next.email !== account.email) {
        await this.assertEmailFree(tx, next.email, customerId);
        await tx.getRepository(AccountEntity).update({ id: customerId }, { email: next.email });
        changed.push('email');
      }
      if (Object.keys(patch).length) await tx.getRepository(CustomerEntity).update({ id: customerId }, patch);
      await recordChanges(tx, customerId, changed, author);
      return { profile: await this.getProfile(customerId, tx), changed };
    });
  }

  /** The customer row, locked for the transaction; 404 when absent, 422 while restricted. */
  async lockCustomer(tx: EntityManager, customerId: string): Promise<CustomerEntity> {
    const customer = await tx
      .getRepository(CustomerEntity)
      .findOne({ where: { id: customerId }, lock: { mode: 'pessimistic_write' } });
    if (!customer) throw customerNotFound();
    if (customer.restricted) throw restricted();
    return customer;
  }

  async assertEmailFree(tx: EntityManager, email: string, exceptAccountId?: string): Promise<void> {
    const query = tx
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .where('lower(a.email) = lower(:email)', { email });
    if (exceptAccountId) query.andWhere('a.id <> :id', { id: exceptAccountId });
    if (await query.getExists())
      throw new RegisterError(RegisterErrorReason.EmailTaken, 'An account with this email already exists');
  }

  async contact(accountId: string): Promise<ContactDetails> {
    const account = await this.db.getRepository(AccountEntity).findOneBy({ id: accountId });
    if (!account) throw new RegisterError(RegisterErrorReason.AccountNotFound, 'Account not found');
    const person =
      account.role === 'customer'
        ? await this.db.getRepository(CustomerEntity).findOneBy({ id: accountId })
        : await this.db.getRepository(ContactProfileEntity).findOneBy({ accountId });
    return {
      accountId: account.id,
      role: account.role,
      email: account.email,
      phone: person?.phone ?? null,
      firstName: person?.firstName ?? '',
      lastName: person?.lastName ?? '',
      language: person?.language ?? 'fi',
    };
  }
}
