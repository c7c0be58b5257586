import { Injectable } from '@nestjs/common';
import type {
  CreateCustomerByStaffPayload,
  CustomerSummary,
  GetCustomerPayload,
  StaffCustomerView,
} from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { AddressEntity } from '../addresses/address.entity.js';
import { AddressesService, toView } from '../addresses/addresses.service.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { checkEmail, checkLanguage, checkName, checkPhone } from '../shared/input.js';
import { invalid } from '../shared/register.errors.js';
import { normalisePhone } from '../validation/phone.js';
import { StaffAccessLog } from './staff-access.js';

const MAX_RESULTS = 50;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Customer service for phone and letter orders: search, register, read (identity code masked). */
@Injectable()
export class StaffCustomersService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly profiles: ProfilesService,
    private readonly addresses: AddressesService,
    private readonly access: StaffAccessLog,
  ) {}

  /** By customer number, email (prefix), phone (any format) or name (part). */
  async search(q: string, limit = 20): Promise<CustomerSummary[]> {
    const text = typeof q === 'string' ? q.trim() : '';
    if (text.length < 2 || text.length > 100) throw invalid('q must be 2 to 100 characters');
    const take = Math.min(Math.max(Number.isInteger(limit) ? limit : 20, 1), MAX_RESULTS);
    const phone = normalisePhone(text);
    const query = this.db
      .getRepository(CustomerEntity)
      .createQueryBuilder('c')
      .innerJoin(AccountEntity, 'a', 'a.id = c.id')
      .select([
        'c.id AS id',
        'c.customer_number AS "customerNumber"',
        'c.first_name AS "firstName"',
        'c.last_name AS "lastName"',
        'a.email AS email',
        'c.phone AS phone',
      ])
      .where('c.customer_number = :q', { q: text })
      .orWhere("lower(a.email) LIKE lower(:prefix) ESCAPE '\\'", { prefix: `${likeEscape(text)}%` })
      .orWhere(
        "(c.first_name || ' ' || c.last_name) ILIKE :part ESCAPE '\\' OR (c.last_name || ' ' || c.first_name) ILIKE :part ESCAPE '\\'",
        { part: `%${likeEscape(text)}%` },
      );
    if (phone.ok) query.orWhere('c.phone = :phone', { phone: phone.e164 });
    return query
      .orderBy('c.last_name')
      .addOrderBy('c.first_name')
      .addOrderBy('c.id')
      .limit(take)
      .getRawMany<CustomerSummary>();
  }

  /** A customer without a password: they order through customer service and cannot sign in. */
  /** `rowId` (the message id) makes a retried delivery return the customer it already created. */
  async create(p: CreateCustomerByStaffPayload, rowId?: string): Promise<StaffCustomerView> {
    if (rowId && (await this.db.getRepository(CustomerEntity).existsBy({ id: rowId })))
      return this.view(rowId);
    const firstName = checkName('firstName', p.firstName);
    const lastName = checkName('lastName', p.lastName);
    const email = checkEmail(p.email);
    const phone = p.phone === undefined ? null : checkPhone(p.phone);
    const language = p.language === undefined ? 'fi' : checkLanguage(p.language);
    const id = await this.db.transaction(async (tx) => {
      await this.profiles.assertEmailFree(tx, email);
      const account = await tx
        .getRepository(AccountEntity)
        .save(
          tx
            .getRepository(AccountEntity)
            .create({ ...(rowId ? { id: rowId } : {}), role: 'customer', email, passwordHash: null }),
        );
      await tx.getRepository(CustomerEntity).insert({ id: account.id, firstName, lastName, phone, language });
      if (p.address) await this.addresses.add(account.id, p.address, p.actor, { tx });
      await this.outbox.add(tx, 'customer.registered', {
        customerId: account.id,
        occurredAt: new Date().toISOString(),
      });
      return account.id;
    });
    return this.view(id);
  }

  /**
   * A staff member reads a customer's record: the read is reported to the audit log before the
   * record is answered (`accessId`, the message's id, makes a redelivered read one entry).
   */
  async viewBy(p: GetCustomerPayload, accessId?: string): Promise<StaffCustomerView> {
    const view = await this.view(p.customerId);
    if (p.actor) {
      const actor = p.actor;
      await this.db.transaction((tx) =>
        this.access.record(tx, {
          customerId: p.customerId,
          actor,
          action: 'customer.viewed',
          reason: p.reason ?? null,
          ...(accessId ? { accessId } : {}),
        }),
      );
    }
    return view;
  }

  async view(customerId: string): Promise<StaffCustomerView> {
    const profile = await this.profiles.getProfile(customerId);
    const rows = await this.db
      .getRepository(AddressEntity)
      .find({ where: { customerId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { ...profile, addresses: rows.map(toView) };
  }
}
