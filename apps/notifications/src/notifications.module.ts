import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import { workerInfrastructure } from '@offera/runtime';
import { EmailChannel } from './channels/email.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import type { NotificationsConfig } from './config.js';
import { ContactLookup } from './delivery/contact-lookup.js';
import { DeliverHandler } from './delivery/deliver.handler.js';
import { DeliveryRecovery } from './delivery/delivery-recovery.js';
import { DeliveryAttemptEntity } from './delivery/delivery-attempt.entity.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { NotificationJobs } from './delivery/notification-jobs.js';
import { AddressHasher } from './marketing/address-hash.js';
import { MarketingCampaigns } from './marketing/marketing-campaigns.service.js';
import { MarketingEligibility } from './marketing/marketing-eligibility.js';
import { MarketingPreferenceEntity } from './marketing/marketing-preference.entity.js';
import { MarketingHandlers } from './marketing/marketing.handlers.js';
import { MarketingService } from './marketing/marketing.service.js';
import { SuppressionEntity } from './marketing/suppression.entity.js';
import { CustomerRegisteredHandler } from './messages/customer-registered.handler.js';
import { MessagesService } from './messages/messages.service.js';
import { OutgoingMessageEntity } from './messages/outgoing-message.entity.js';
import { OrderEventsHandlers } from './orders/order-events.handlers.js';
import { OrderMessageSequencer } from './orders/order-message-sequencer.js';
import { OrderProgress } from './orders/order-progress.js';
import { ContactSeal } from './privacy/contact-seal.js';
import { EraseSubjectHandler } from './privacy/erase-subject.handler.js';
import { ExportSubjectHandler } from './privacy/export-subject.handler.js';
import { PrivacyEventsHandlers } from './privacy/privacy-events.handlers.js';
import { NotifyRestrictionLiftHandler } from './privacy/notify-restriction-lift.handler.js';
import { SealErasureContactHandler } from './privacy/seal-erasure-contact.handler.js';
import { RequestNoticeEntity } from './privacy/request-notice.entity.js';
import { RequestNoticesService } from './privacy/request-notices.service.js';
import { ReminderEntity } from './reminders/reminder.entity.js';
import { PurgeExpiredHandler } from './retention/purge-expired.handler.js';
import { RetentionScheduler } from './retention/retention.scheduler.js';
import { RemindersService } from './reminders/reminders.service.js';
import { SendReminderHandler } from './reminders/send-reminder.handler.js';

export const NOTIFICATIONS_ENTITIES = [
  OutgoingMessageEntity,
  DeliveryAttemptEntity,
  ReminderEntity,
  MarketingPreferenceEntity,
  SuppressionEntity,
  RequestNoticeEntity,
];

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      imports: workerInfrastructure('notifications', config, NOTIFICATIONS_ENTITIES),
      controllers: [
        CustomerRegisteredHandler,
        OrderEventsHandlers,
        PrivacyEventsHandlers,
        MarketingHandlers,
        DeliverHandler,
        SendReminderHandler,
        EraseSubjectHandler,
        SealErasureContactHandler,
        NotifyRestrictionLiftHandler,
        ExportSubjectHandler,
        PurgeExpiredHandler,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        EmailChannel,
        SmsChannel,
        NotificationJobs,
        DeliveryRecovery,
        MessagesService,
        ContactLookup,
        DeliveryService,
        RemindersService,
        AddressHasher,
        MarketingEligibility,
        MarketingService,
        MarketingCampaigns,
        ContactSeal,
        RequestNoticesService,
        RetentionScheduler,
        OrderProgress,
        OrderMessageSequencer,
      ],
    };
  }
}
