import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import type { PrivacyConfig } from './config.js';
import { PrivacyRequestEntity } from './requests/privacy-request.entity.js';
import { PrivacyRequestsHandlers } from './requests/privacy-requests.handlers.js';
import { PrivacyRequestsService } from './requests/privacy-requests.service.js';
import { RequestReceiptEntity } from './requests/request-receipt.entity.js';
import { RequestTransitionEntity } from './requests/request-transition.entity.js';
import { SubjectPseudonym } from './requests/subject-pseudonym.js';

export const PRIVACY_ENTITIES = [PrivacyRequestEntity, RequestReceiptEntity, RequestTransitionEntity];

@Module({})
export class PrivacyModule {
  static forRoot(config: PrivacyConfig): DynamicModule {
    return {
      module: PrivacyModule,
      imports: workerInfrastructure('privacy', config, PRIVACY_ENTITIES),
      controllers: [PrivacyRequestsHandlers],
      providers: [{ provide: APP_CONFIG, useValue: config }, SubjectPseudonym, PrivacyRequestsService],
    };
  }
}
