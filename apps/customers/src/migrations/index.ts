import { InitialCustomers1764100000000 } from './1764100000000-initial-customers.js';

/** In order; applied by the setup step as the customers role. */
export const CUSTOMERS_MIGRATIONS = [InitialCustomers1764100000000];
