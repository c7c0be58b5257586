import { type DynamicModule, Module } from '@nestjs/common';
import type { GatewayConfig } from '../config.js';
import { ADMIN_QUEUES_CONFIG, AdminQueuesBoard } from './admin-queues.board.js';
import { AdminQueuesController } from './admin-queues.controller.js';

/** The queue dashboard (bull-board at `/admin/queues`) and its browser session, admins only. */
@Module({})
export class AdminQueuesModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AdminQueuesModule,
      controllers: [AdminQueuesController],
      providers: [{ provide: ADMIN_QUEUES_CONFIG, useValue: config }, AdminQueuesBoard],
      exports: [AdminQueuesBoard],
    };
  }
}
