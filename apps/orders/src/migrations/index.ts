import { InitialOrders1764100000000 } from './1764100000000-initial-orders.js';
import { Booking1764210000000 } from './1764210000000-booking.js';
import { SeedCatalog1764210000001 } from './1764210000001-seed-catalog.js';
import { SubjectRestrictions1764210000002 } from './1764210000002-subject-restrictions.js';
import { OfferRelease1764210000003 } from './1764210000003-offer-release.js';
import { SubjectIndexes1764300000000 } from './1764300000000-subject-indexes.js';
import { SeriesRequestKey1764400000000 } from './1764400000000-series-request-key.js';
import { OrderLastRequest1764400000002 } from './1764400000002-order-last-request.js';
import { SeriesLastRequest1764400000003 } from './1764400000003-series-last-request.js';
import { OrderEventSeq1764500000000 } from './1764500000000-order-event-seq.js';
import { ProviderSubjectIndexes1764600000000 } from './1764600000000-provider-subject-indexes.js';
import { ErasureReceipts1764400000001, KeptAnswers1796523982182 } from '@offera/database';
import { ErasedSubjects1764514140000 } from './1764514140000-erased-subjects.js';
import { AccountStatuses1764514140001 } from './1764514140001-account-statuses.js';

/** In order; applied by the setup step as the orders role. */
export const ORDERS_MIGRATIONS = [
  InitialOrders1764100000000,
  Booking1764210000000,
  SeedCatalog1764210000001,
  SubjectRestrictions1764210000002,
  OfferRelease1764210000003,
  SubjectIndexes1764300000000,
  SeriesRequestKey1764400000000,
  ErasureReceipts1764400000001,
  OrderLastRequest1764400000002,
  SeriesLastRequest1764400000003,
  OrderEventSeq1764500000000,
  ProviderSubjectIndexes1764600000000,
  KeptAnswers1796523982182,
  ErasedSubjects1764514140000,
  AccountStatuses1764514140001,
];
