import { InitialCustomers1764100000000 } from './1764100000000-initial-customers.js';
import { CustomerRegister1764210000000 } from './1764210000000-customer-register.js';
import { ErasureReceipts1764400000001 } from '@offera/database';
import { SessionMarks1764514140000 } from './1764514140000-session-marks.js';

/** In order; applied by the setup step as the customers role. */
export const CUSTOMERS_MIGRATIONS = [
  InitialCustomers1764100000000,
  CustomerRegister1764210000000,
  ErasureReceipts1764400000001,
  SessionMarks1764514140000,
];
