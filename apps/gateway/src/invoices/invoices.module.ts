import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type { GatewayConfig } from '../config.js';
import { InvoicesController } from './invoices.controller.js';

@Module({})
export class InvoicesModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: InvoicesModule,
      controllers: [InvoicesController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
    };
  }
}
