import { defineWorker } from '@offera/runtime';
import { loadPrivacyConfig } from './config.js';
import { PrivacyModule } from './privacy.module.js';

/** The privacy service: its queue, configuration and root module. */
export const privacyWorker = defineWorker({
  service: 'privacy',
  loadConfig: loadPrivacyConfig,
  module: (config) => PrivacyModule.forRoot(config),
});
