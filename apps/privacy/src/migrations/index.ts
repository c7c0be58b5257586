import { InitialPrivacy1764100000000 } from './1764100000000-initial-privacy.js';
import { PrivacyLifecycleLedgers1764210000000 } from './1764210000000-privacy-lifecycle-ledgers.js';
import { ExtensionMessage1764400000002 } from './1764400000002-extension-message.js';
import { TransitionMessage1764400000003 } from './1764400000003-transition-message.js';
import { DropExtensionMessage1764400000004 } from './1764400000004-drop-extension-message.js';
import { StaffPseudonyms1764600000000 } from './1764600000000-staff-pseudonyms.js';
import { AuditSource1764610000000 } from './1764610000000-audit-source.js';
import { OneTimeLinks1764610000001 } from './1764610000001-one-time-links.js';
import { ErasureReceipts1764400000001, KeptAnswers1796523982182 } from '@offera/database';

/** In order; applied by the setup step as the privacy role. */
export const PRIVACY_MIGRATIONS = [
  InitialPrivacy1764100000000,
  PrivacyLifecycleLedgers1764210000000,
  ErasureReceipts1764400000001,
  ExtensionMessage1764400000002,
  TransitionMessage1764400000003,
  DropExtensionMessage1764400000004,
  StaffPseudonyms1764600000000,
  AuditSource1764610000000,
  OneTimeLinks1764610000001,
  KeptAnswers1796523982182,
];
