import { InitialNotifications1764100000000 } from './1764100000000-initial-notifications.js';
import { NotificationsDelivery1764210000000 } from './1764210000000-notifications-delivery.js';
import { ProviderReferenceIndex1764300000000 } from './1764300000000-provider-reference-index.js';
import { NoticeExtendedBy1764400000002 } from './1764400000002-notice-extended-by.js';
import { OrderProgress1764500000000 } from './1764500000000-order-progress.js';
import { ErasureReceipts1764400000001, KeptAnswers1796523982182 } from '@offera/database';

/** In order; applied by the setup step as the notifications role. */
export const NOTIFICATIONS_MIGRATIONS = [
  InitialNotifications1764100000000,
  NotificationsDelivery1764210000000,
  ProviderReferenceIndex1764300000000,
  ErasureReceipts1764400000001,
  NoticeExtendedBy1764400000002,
  OrderProgress1764500000000,
  KeptAnswers1796523982182,
];
