import { CUSTOMERS_MIGRATIONS } from '../apps/customers/src/migrations/index.js';
import { NOTIFICATIONS_MIGRATIONS } from '../apps/notifications/src/migrations/index.js';
import { ORDERS_MIGRATIONS } from '../apps/orders/src/migrations/index.js';
import { PRIVACY_MIGRATIONS } from '../apps/privacy/src/migrations/index.js';
import type { SetupPlan } from './setup-runner.js';

/** Every service's schema and the migrations that build it, in the order setup applies them. */
export const SETUP_PLAN: SetupPlan = [
  { service: 'customers', migrations: CUSTOMERS_MIGRATIONS },
  { service: 'orders', migrations: ORDERS_MIGRATIONS },
  { service: 'notifications', migrations: NOTIFICATIONS_MIGRATIONS },
  { service: 'privacy', migrations: PRIVACY_MIGRATIONS },
];
