import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BullMqClient, type BullMqClientOptions } from './bullmq-client.js';
import { FlowClient } from './flow-client.js';
import { MessageBus } from './message-bus.js';

export const TRANSPORT_OPTIONS = Symbol('TRANSPORT_OPTIONS');

export interface TransportModuleAsyncOptions {
  readonly imports?: DynamicModule['imports'];
  readonly inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  readonly useFactory: (...args: never[]) => BullMqClientOptions | Promise<BullMqClientOptions>;
}

/** Provides the transport's client side to an app: `MessageBus` (typed send/emit) and `FlowClient`. */
@Global()
@Module({})
export class TransportModule implements OnApplicationShutdown {
  constructor(
    @Inject(BullMqClient) private readonly client: BullMqClient,
    @Inject(FlowClient) private readonly flows: FlowClient,
  ) {}

  static forRootAsync(options: TransportModuleAsyncOptions): DynamicModule {
    return {
      module: TransportModule,
      imports: options.imports ?? [],
      providers: [
        { provide: TRANSPORT_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: BullMqClient,
          useFactory: async (o: BullMqClientOptions) => {
            const client = new BullMqClient(o);
            await client.connect();
            return client;
          },
          inject: [TRANSPORT_OPTIONS],
        },
        {
          provide: FlowClient,
          useFactory: (o: BullMqClientOptions) => new FlowClient(o),
          inject: [TRANSPORT_OPTIONS],
        },
        { provide: MessageBus, useFactory: (c: BullMqClient) => new MessageBus(c), inject: [BullMqClient] },
      ],
      exports: [BullMqClient, FlowClient, MessageBus],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client.close(), this.flows.close()]);
  }
}
