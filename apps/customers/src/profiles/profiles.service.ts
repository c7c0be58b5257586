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
/** A customer's names come from the register, anyone else's from their contact profile. */
const CONTACT_SQL = `
  SELECT a.id, a.role, a.email,
         coalesce(c.first_name, p.first_name) AS first_name,
         coalesce(c.last_name, p.last_name) AS last_name,
         CASE WHEN a.role = 'customer' THEN c.phone ELSE p.phone END AS phone,
         coalesce(c.language, p.language) AS language
    FROM accounts a
    LEFT JOIN customers c ON a.role = 'customer' AND c.id = a.id
    LEFT JOIN contact_profiles p ON a.role <> 'customer' AND p.account_id = a.id
   WHERE a.id = $1`;

interface ContactRow {
  readonly id: string;
  readonly role: ContactDetails['role'];
  readonly email: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly phone: string | null;
  readonly language: ContactDetails['language'] | null;
}

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

  /** Who to write to and how; asked for every message the notifications service sends, so one query. */
  async contact(accountId: string): Promise<ContactDetails> {
    const [row] = await this.db.query<ContactRow[]>(CONTACT_SQL, [accountId]);
    if (!row) throw new RegisterError(RegisterErrorReason.AccountNotFound, 'Account not found');
    return {
      accountId: row.id,
      role: row.role,
      email: row.email,
      phone: row.phone,
      firstName: row.first_name ?? '',
      lastName: row.last_name ?? '',
      language: row.language ?? 'fi',
    };
  }
}
