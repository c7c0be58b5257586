import { defineWorker } from '@offera/runtime';
import { loadOrdersConfig } from './config.js';
import { OrdersModule } from './orders.module.js';

/** The orders service: its queue, configuration and root module. */
export const ordersWorker = defineWorker({
  service: 'orders',
  loadConfig: loadOrdersConfig,
  module: (config) => OrdersModule.forRoot(config),
});
