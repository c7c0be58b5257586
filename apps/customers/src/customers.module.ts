import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import { AccountEntity } from './accounts/account.entity.js';
import { AccountsHandlers } from './accounts/accounts.handlers.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ContactProfileEntity } from './accounts/contact-profile.entity.js';
import { IpAddressEntity } from './accounts/ip-address.entity.js';
import { LoginThrottleEntity } from './accounts/login-throttle.entity.js';
import { LoginThrottleService } from './accounts/login-throttle.service.js';
import { RefreshTokenEntity } from './accounts/refresh-token.entity.js';
import { SessionMarksService } from './accounts/session-marks.service.js';
import { AddressEntity } from './addresses/address.entity.js';
import { AddressesHandlers } from './addresses/addresses.handlers.js';
import { AddressesService } from './addresses/addresses.service.js';
import type { CustomersConfig } from './config.js';
import { IdentityCodeRotationHandler } from './identity/identity-code-rotation.handler.js';
import { IdentityCodeRevealEntity } from './identity/identity-code-reveal.entity.js';
import { IdentityCodeEntity } from './identity/identity-code.entity.js';
import { IdentityCodesHandlers } from './identity/identity-codes.handlers.js';
import { IdentityCodesService } from './identity/identity-codes.service.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';
import { PortabilityExport } from './privacy/portability-export.js';
import { SubjectRightsHandlers } from './privacy/subject-rights.handlers.js';
import { CustomerEntity } from './profiles/customer.entity.js';
import { ProfilesHandlers } from './profiles/profiles.handlers.js';
import { ProfileChangeNotifier } from './profiles/profile-change-notifier.js';
import { ProfilesService } from './profiles/profiles.service.js';
import { RectificationEntity } from './profiles/rectification.entity.js';
import {
  ProviderEntity,
  ProviderPostalCodeEntity,
  ProviderServiceEntity,
} from './providers/provider.entity.js';
import { ProvidersHandlers } from './providers/providers.handlers.js';
import { ProvidersService } from './providers/providers.service.js';
import { IpRetentionHandler } from './retention/ip-retention.handler.js';
import { MaintenanceScheduler } from './retention/maintenance.scheduler.js';
import { AccountAdminService } from './staff/account-admin.service.js';
import { StaffAccessLog } from './staff/staff-access.js';
import { AccountStatusService } from './staff/account-status.service.js';
import { StaffCustomersService } from './staff/staff-customers.service.js';
import { StaffHandlers } from './staff/staff.handlers.js';

export const CUSTOMERS_ENTITIES = [
  AccountEntity,
  CustomerEntity,
  RefreshTokenEntity,
  IpAddressEntity,
  LoginThrottleEntity,
  ContactProfileEntity,
  AddressEntity,
  IdentityCodeEntity,
  IdentityCodeRevealEntity,
  RectificationEntity,
  ProviderEntity,
  ProviderPostalCodeEntity,
  ProviderServiceEntity,
];

@Module({})
export class CustomersModule {
  static forRoot(config: CustomersConfig): DynamicModule {
    return {
      module: CustomersModule,
      imports: workerInfrastructure('customers', config, CUSTOMERS_ENTITIES),
      controllers: [
        AccountsHandlers,
        ProfilesHandlers,
        AddressesHandlers,
        IdentityCodesHandlers,
        IdentityCodeRotationHandler,
        ProvidersHandlers,
        StaffHandlers,
        IpRetentionHandler,
        EraseSubjectHandler,
        SubjectRightsHandlers,
      ],
      providers: [
        PortabilityExport,
        { provide: APP_CONFIG, useValue: config },
        AccountsService,
        LoginThrottleService,
        SessionMarksService,
        AccountStatusService,
        IdentityCodesService,
        ProfilesService,
        ProfileChangeNotifier,
        AddressesService,
        ProvidersService,
        AccountAdminService,
        StaffCustomersService,
        StaffAccessLog,
        MaintenanceScheduler,
      ],
    };
  }
}
