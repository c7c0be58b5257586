import { Injectable, Logger } from '@nestjs/common';
import { MessageBus } from '@offera/transport';

/**
 * Tells every gateway that a customer's profile changed, after the change committed, so none
 * serves it from memory any longer (see the gateway's ProfileCache).
 */
@Injectable()
export class ProfileChangeNotifier {
  private readonly log = new Logger(ProfileChangeNotifier.name);

  constructor(private readonly bus: MessageBus) {}

  /** Runs `change` (one committed transaction) and then broadcasts, also when it failed part-way. */
  async after<T>(customerId: string, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      await this.changed(customerId);
    }
  }

  async changed(customerId: string): Promise<void> {
    try {
      await this.bus.broadcast('customer.profile-changed', customerId);
    } catch {
      // Redis is down: the gateways' subscriptions are down too, and they drop what they keep.
      this.log.warn('Could not broadcast a profile change');
    }
  }
}
