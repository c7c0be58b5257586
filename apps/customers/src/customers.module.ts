import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import { AccountEntity } from './accounts/account.entity.js';
import { AccountsHandlers } from './accounts/accounts.handlers.js';
import { AccountsService } from './accounts/accounts.service.js';
import { IpAddressEntity } from './accounts/ip-address.entity.js';
import { RefreshTokenEntity } from './accounts/refresh-token.entity.js';
import type { CustomersConfig } from './config.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';
import { CustomerEntity } from './profiles/customer.entity.js';
import { ProfilesHandlers } from './profiles/profiles.handlers.js';

export const CUSTOMERS_ENTITIES = [AccountEntity, CustomerEntity, RefreshTokenEntity, IpAddressEntity];

@Module({})
export class CustomersModule {
  static forRoot(config: CustomersConfig): DynamicModule {
    return {
      module: CustomersModule,
      imports: workerInfrastructure('customers', config, CUSTOMERS_ENTITIES),
      controllers: [AccountsHandlers, ProfilesHandlers, EraseSubjectHandler],
      providers: [{ provide: APP_CONFIG, useValue: config }, AccountsService],
    };
  }
}
