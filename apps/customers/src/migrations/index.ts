import { InitialCustomers1764100000000 } from './1764100000000-initial-customers.js';
import { CustomerRegister1764210000000 } from './1764210000000-customer-register.js';
import { StaffPseudonyms1764600000000 } from './1764600000000-staff-pseudonyms.js';
import { ErasureReceipts1764400000001, KeptAnswers1796523982182 } from '@offera/database';
import { SessionMarks1764514140000 } from './1764514140000-session-marks.js';

/** In order; applied by the setup step as the customers role. */
export const CUSTOMERS_MIGRATIONS = [
  InitialCustomers1764100000000,
  CustomerRegister1764210000000,
  ErasureReceipts1764400000001,
  StaffPseudonyms1764600000000,
  KeptAnswers1796523982182,
  SessionMarks1764514140000,
];
