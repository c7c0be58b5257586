import type { Actor, AddressView } from '@offera/contracts';
import type { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import type { AddressChangesDto, AddressInputDto } from './dto/customer-fields.dto.js';

/** The signed-in user as the actor the customers service records in the rectification history. */
export const actorOf = (user: AuthUser): Actor => ({ accountId: user.id, role: user.role });

/**
 * Address messages shared by the self-service (`/me`) and staff (`/admin/customers`) routes: they
 * differ only in whose customer id they pass.
 */
export const addAddress = (
  bus: MessageBus,
  user: AuthUser,
  customerId: string,
  dto: AddressInputDto,
): Promise<AddressView> =>
  bus.send('customers.add-address', { customerId, actor: actorOf(user), address: { ...dto } });

export const updateAddress = (
  bus: MessageBus,
  user: AuthUser,
  customerId: string,
  addressId: string,
  dto: AddressChangesDto,
): Promise<AddressView> =>
  bus.send('customers.update-address', { customerId, addressId, actor: actorOf(user), address: { ...dto } });

export const removeAddress = async (
  bus: MessageBus,
  user: AuthUser,
  customerId: string,
  addressId: string,
): Promise<void> => {
  await bus.send('customers.remove-address', { customerId, addressId, actor: actorOf(user) });
};
