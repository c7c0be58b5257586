import { Injectable } from '@nestjs/common';
import type { AddressInput, AddressView, Actor } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { recordChanges } from '../profiles/rectification-history.js';
import { invalid, RegisterError, RegisterErrorReason, customerNotFound } from '../shared/register.errors.js';
import { type Address, validateAddress } from '../validation/address.js';
import { AddressEntity } from './address.entity.js';

/** Enough for home, summer cottage, parents' place; a cap keeps one account from filling the table. */
export const MAX_ADDRESSES = 20;

const FIELDS = ['street', 'postalCode', 'city', 'country', 'latitude', 'longitude'] as const;

@Injectable()
export class AddressesService {
  constructor(
    private readonly db: DataSource,
    private readonly profiles: ProfilesService,
  ) {}

  async list(customerId: string): Promise<AddressView[]> {
    if (!(await this.db.getRepository(CustomerEntity).existsBy({ id: customerId }))) throw customerNotFound();
    const rows = await this.db
      .getRepository(AddressEntity)
      .find({ where: { customerId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toView);
  }

  async get(customerId: string, addressId: string): Promise<AddressView> {
    // Not an id at all: as missing (and never a malformed uuid sent to Postgres).
    if (!UUID.test(addressId))
      throw new RegisterError(RegisterErrorReason.AddressNotFound, 'Address not found');
    return toView(await this.owned(this.db.manager, customerId, addressId));
  }

  /** `id` (the message id) makes a retried delivery return the address it already added. */
  async add(
    customerId: string,
    input: AddressInput,
    actor: Actor,
    options: { id?: string; tx?: EntityManager } = {},
  ): Promise<AddressView> {
    const address = check(input);
    const { id, tx } = options;
    const run = async (m: EntityManager) => {
      await this.profiles.lockCustomer(m, customerId);
      if (id) {
        const earlier = await m.getRepository(AddressEntity).findOneBy({ id, customerId });
        if (earlier) return toView(earlier);
      }
      const count = await m.getRepository(AddressEntity).countBy({ customerId });
      if (count >= MAX_ADDRESSES) throw invalid(`a customer may have at most ${MAX_ADDRESSES} addresses`);
      const row = await m.getRepository(AddressEntity).save(
        m.getRepository(AddressEntity).create({
          ...(id ? { id } : {}),
          customerId,
          ...address,
          latitude: address.latitude ?? null,
          longitude: address.longitude ?? null,
        }),
      );
      await recordChanges(m, customerId, ['address.added'], { kind: 'actor', actor });
      return toView(row);
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  async update(
    customerId: string,
    addressId: string,
    input: Partial<AddressInput>,
    actor: Actor,
  ): Promise<AddressView> {
    return this.db.transaction(async (tx) => {
      await this.profiles.lockCustomer(tx, customerId);
      const row = await this.owned(tx, customerId, addressId);
      // Judge the merged address as a whole: a new country changes what a valid postal code is.
      const merged = check({
        street: input.street ?? row.street,
        postalCode: input.postalCode ?? row.postalCode,
        city: input.city ?? row.city,
        country: input.country ?? row.country,
        latitude: input.latitude === undefined ? row.latitude : input.latitude,
        longitude: input.longitude === undefined ? row.longitude : input.longitude,
      });
      const next = { ...merged, latitude: merged.latitude ?? null, longitude: merged.longitude ?? null };
      const changed = FIELDS.filter((f) => next[f] !== row[f]);
      if (changed.length) {
        await tx.getRepository(AddressEntity).update({ id: row.id }, next);
        await recordChanges(
          tx,
          customerId,
          changed.map((f) => `address.${f}`),
          { kind: 'actor', actor },
        );
      }
      return toView(await tx.getRepository(AddressEntity).findOneByOrFail({ id: row.id }));
    });
  }

  /** The same message delivered again (`messageId`) answers "removed", not "not found". */
  async remove(
    customerId: string,
    addressId: string,
    actor: Actor,
    messageId?: string,
  ): Promise<{ removed: boolean }> {
    return answerOnce(this.db, messageId, 'customers.remove-address', async (tx) => {
      await this.profiles.lockCustomer(tx, customerId);
      const row = await this.owned(tx, customerId, addressId);
      await tx.getRepository(AddressEntity).delete({ id: row.id });
      await recordChanges(tx, customerId, ['address.removed'], { kind: 'actor', actor });
      return { removed: true };
    });
  }

  /** Another customer's address is "not found", exactly like a missing one. */
  private async owned(tx: EntityManager, customerId: string, addressId: string): Promise<AddressEntity> {
    const row = await tx.getRepository(AddressEntity).findOneBy({ id: addressId, customerId });
    if (!row) throw new RegisterError(RegisterErrorReason.AddressNotFound, 'Address not found');
    return row;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function check(input: Partial<AddressInput>): Address {
  const result = validateAddress({
    street: input.street,
    postalCode: input.postalCode,
    city: input.city,
    country: input.country,
    latitude: input.latitude,
    longitude: input.longitude,
  });
  if (!result.ok)
    throw invalid(
      `Invalid address: ${result.errors.map((e) => `${e.field} ${e.reason.toLowerCase().replace(/_/g, ' ')}`).join(', ')}`,
    );
  return result.value;
}

export function toView(row: AddressEntity): AddressView {
  return {
    id: row.id,
    street: row.street,
    postalCode: row.postalCode,
    city: row.city,
    country: row.country,
    latitude: row.latitude,
    longitude: row.longitude,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
