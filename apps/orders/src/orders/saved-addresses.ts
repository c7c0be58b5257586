import { Injectable } from '@nestjs/common';
import { ErrorCode, type ServiceAddress } from '@offera/contracts';
import { MessageBus, RemoteError } from '@offera/transport';
import { OrdersError, OrdersErrorReason } from '../common/orders.errors.js';

/** Where a visit is: the address itself or the id of one of the customer's saved addresses. */
export interface AddressChoice {
  readonly customerId: string;
  readonly address?: ServiceAddress;
  readonly addressId?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

export type WithAddress<T> = T & { readonly address: ServiceAddress };

/**
 * Resolves a saved address named by id into the address the order or series snapshots, asking
 * the customer register (which owns addresses) before any transaction starts. Someone else's
 * id answers exactly like an unknown one: 404, nothing created.
 */
@Injectable()
export class SavedAddresses {
  constructor(private readonly bus: MessageBus) {}

  async resolve<T extends AddressChoice>(p: T): Promise<WithAddress<T>> {
    if ((p.address === undefined) === (p.addressId === undefined)) {
      throw new OrdersError(OrdersErrorReason.InvalidInput, 'give exactly one of address and addressId');
    }
    if (p.address !== undefined) return p as WithAddress<T>;
    try {
      const saved = await this.bus.send('customers.get-address', {
        customerId: p.customerId,
        addressId: p.addressId!,
      });
      // Visits are booked in Finland only, as a given address must be (five-digit postal code).
      if (saved.country !== 'FI' || !/^\d{5}$/.test(saved.postalCode)) {
        throw new OrdersError(OrdersErrorReason.InvalidInput, 'the saved address must be a Finnish address');
      }
      return {
        ...p,
        address: { street: saved.street, postalCode: saved.postalCode, city: saved.city },
        // The saved coordinates, unless the caller gave their own.
        ...(p.latitude === undefined && saved.latitude !== null ? { latitude: saved.latitude } : {}),
        ...(p.longitude === undefined && saved.longitude !== null ? { longitude: saved.longitude } : {}),
      };
    } catch (err) {
      if (err instanceof RemoteError && err.code === ErrorCode.NotFound) {
        throw new OrdersError(OrdersErrorReason.AddressNotFound, 'Address not found');
      }
      throw err;
    }
  }
}
