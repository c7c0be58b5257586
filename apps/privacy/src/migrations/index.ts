import { InitialPrivacy1764100000000 } from './1764100000000-initial-privacy.js';

/** In order; applied by the setup step as the privacy role. */
export const PRIVACY_MIGRATIONS = [InitialPrivacy1764100000000];
