import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import type { OrdersConfig } from './config.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';

export const ORDERS_ENTITIES = [];

@Module({})
export class OrdersModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersModule,
      imports: workerInfrastructure('orders', config, ORDERS_ENTITIES),
      controllers: [EraseSubjectHandler],
      providers: [{ provide: APP_CONFIG, useValue: config }],
    };
  }
}
