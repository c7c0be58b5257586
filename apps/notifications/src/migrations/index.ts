import { InitialNotifications1764100000000 } from './1764100000000-initial-notifications.js';

/** In order; applied by the setup step as the notifications role. */
export const NOTIFICATIONS_MIGRATIONS = [InitialNotifications1764100000000];
