import {
  type BroadcastName,
  type Broadcasts,
  ErrorCode,
  type EventName,
  type EventPayload,
  isTransportErrorBody,
  type MessageName,
  type MessagePayload,
  type MessageResult,
} from '@offera/contracts';
import { MessagePattern, EventPattern } from '@nestjs/microservices';
import type { BroadcastListener, BullMqClient } from './bullmq-client.js';
import { RemoteError } from './domain-error.js';

/** Typed request/reply and events over the transport: names and payloads from the contracts. */
export class MessageBus {
  constructor(private readonly client: BullMqClient) {}

  async send<N extends MessageName>(name: N, payload: MessagePayload<N>): Promise<MessageResult<N>> {
    try {
      return await this.client.request<MessageResult<N>>(name, payload);
    } catch (err) {
      if (isTransportErrorBody(err)) throw RemoteError.from(err);
      if (err instanceof RemoteError) throw err;
      throw new RemoteError(ErrorCode.Unavailable, `${name} could not be delivered`);
    }
  }

  /** Fire-and-forget notice to every listening process (e.g. to drop what it keeps in memory). */
  async broadcast<N extends BroadcastName>(name: N, key: Broadcasts[N]): Promise<void> {
    await this.client.broadcast(name, key);
  }

  listen(name: BroadcastName, listener: BroadcastListener): Promise<void> {
    return this.client.listen(name, listener);
  }

  async emit<N extends EventName>(name: N, payload: EventPayload<N>, messageId: string): Promise<void> {
    await this.client.publishEvent(name, payload, messageId);
  }
}

/** `@MessagePattern` restricted to the contracts' message names. */
export const HandleMessage = (name: MessageName) => MessagePattern(name);

/** `@EventPattern` restricted to the contracts' event names. */
export const HandleEvent = (name: EventName): MethodDecorator => EventPattern(name) as MethodDecorator;
