import { defineWorker } from '@offera/runtime';
import { loadCustomersConfig } from './config.js';
import { CustomersModule } from './customers.module.js';

/** The customers service: its queue, configuration and root module. */
export const customersWorker = defineWorker({
  service: 'customers',
  loadConfig: loadCustomersConfig,
  module: (config) => CustomersModule.forRoot(config),
});
