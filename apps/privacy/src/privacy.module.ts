import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import { AuditEntryEntity } from './audit/audit-entry.entity.js';
import { AuditHandlers } from './audit/audit.handlers.js';
import { AuditService } from './audit/audit.service.js';
import { Clock } from './clock.js';
import type { PrivacyConfig } from './config.js';
import { ConsentEventEntity } from './consents/consent-event.entity.js';
import { ConsentsHandlers } from './consents/consents.handlers.js';
import { ConsentsService } from './consents/consents.service.js';
import { CookieConsentEntity } from './consents/cookie-consent.entity.js';
import { CookieRequests } from './consents/cookie-requests.service.js';
import { MarketingUnsubscribedHandler } from './consents/marketing-unsubscribed.handler.js';
import { DisclosureEntity } from './disclosures/disclosure.entity.js';
import { DisclosuresHandlers } from './disclosures/disclosures.handlers.js';
import { DisclosuresService } from './disclosures/disclosures.service.js';
import { RecipientNotificationEntity } from './disclosures/recipient-notification.entity.js';
import { RequestExecution } from './execution/request-execution.service.js';
import { RequestFlows } from './execution/request-flows.js';
import { RequestReconciler } from './execution/request-reconciler.js';
import { RestrictionLiftHandlers } from './execution/restriction-lift.handlers.js';
import { RestrictionLiftService } from './execution/restriction-lift.service.js';
import { ExportEntity } from './exports/export.entity.js';
import { ExportsService } from './exports/exports.service.js';
import { ExportDelivery } from './exports/export-delivery.js';
import { StaffExportDownload } from './exports/staff-export-download.js';
import { JobsHandlers } from './jobs/jobs.handlers.js';
import { ErasureOutcome } from './links/erasure-outcome.js';
import { LinkOpener } from './links/link-opener.js';
import { LinksHandlers } from './links/links.handlers.js';
import { OneTimeLinks } from './links/one-time-links.js';
import { RequesterContacts } from './links/requester-contacts.js';
import { RequestMetrics } from './jobs/request-metrics.js';
import { RetentionService } from './jobs/retention.service.js';
import { PrivacySchedules } from './jobs/schedules.js';
import { WatchdogService } from './jobs/watchdog.service.js';
import { NoticeHandlers } from './notice/notice.handlers.js';
import { NoticeService } from './notice/notice.service.js';
import { PrivacyRequestEntity } from './requests/privacy-request.entity.js';
import { PrivacyRequestsHandlers } from './requests/privacy-requests.handlers.js';
import { PrivacyRequestsService } from './requests/privacy-requests.service.js';
import { RequestLifecycle } from './requests/request-lifecycle.js';
import { RequestReceiptEntity } from './requests/request-receipt.entity.js';
import { RequestTransitionEntity } from './requests/request-transition.entity.js';
import { StaffRequestsHandlers } from './requests/staff-requests.handlers.js';
import { StaffRequestsService } from './requests/staff-requests.service.js';
import { StaffRequestViews } from './requests/staff-requests.view.js';
import { SubjectPseudonym } from './requests/subject-pseudonym.js';
import { VerificationCodeEntity } from './requests/verification-code.entity.js';
import { VerificationCodes } from './requests/verification-codes.js';
import { SubjectDataHandlers } from './subjects/subject-data.handlers.js';
import { ActorPseudonyms } from './subjects/actor-pseudonyms.js';
import { PortabilityExport } from './subjects/portability-export.js';
import { SubjectDataService } from './subjects/subject-data.service.js';
import { SubjectFlagsEntity } from './subjects/subject-flags.entity.js';

export const PRIVACY_ENTITIES = [
  PrivacyRequestEntity,
  RequestReceiptEntity,
  RequestTransitionEntity,
  VerificationCodeEntity,
  ExportEntity,
  CookieConsentEntity,
  ConsentEventEntity,
  SubjectFlagsEntity,
  DisclosureEntity,
  RecipientNotificationEntity,
  AuditEntryEntity,
];

@Module({})
export class PrivacyModule {
  static forRoot(config: PrivacyConfig): DynamicModule {
    return {
      module: PrivacyModule,
      imports: workerInfrastructure('privacy', config, PRIVACY_ENTITIES),
      controllers: [
        PrivacyRequestsHandlers,
        StaffRequestsHandlers,
        SubjectDataHandlers,
        ConsentsHandlers,
        MarketingUnsubscribedHandler,
        DisclosuresHandlers,
        AuditHandlers,
        NoticeHandlers,
        JobsHandlers,
        LinksHandlers,
        RestrictionLiftHandlers,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        Clock,
        SubjectPseudonym,
        AuditService,
        RequestLifecycle,
        VerificationCodes,
        RequestFlows,
        RequestExecution,
        RequestReconciler,
        RestrictionLiftService,
        PrivacyRequestsService,
        StaffRequestsService,
        StaffRequestViews,
        SubjectDataService,
        PortabilityExport,
        ActorPseudonyms,
        ExportsService,
        ConsentsService,
        DisclosuresService,
        NoticeService,
        WatchdogService,
        RetentionService,
        PrivacySchedules,
        RequestMetrics,
        OneTimeLinks,
        RequesterContacts,
        CookieRequests,
        ErasureOutcome,
        ExportDelivery,
        LinkOpener,
        StaffExportDownload,
      ],
    };
  }
}
