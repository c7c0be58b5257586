import { InitialOrders1764100000000 } from './1764100000000-initial-orders.js';

/** In order; applied by the setup step as the orders role. */
export const ORDERS_MIGRATIONS = [InitialOrders1764100000000];
