import 'reflect-metadata';
import { createWorkerApp, runMain, serviceLogger } from '@offera/runtime';
import { loadOrdersConfig } from './config.js';
import { OrdersModule } from './orders.module.js';

runMain(async () => {
  const config = loadOrdersConfig();
  const app = await createWorkerApp({
    service: 'orders',
    module: OrdersModule.forRoot(config),
    config,
    logger: serviceLogger('orders', config.logLevel),
  });
  await app.listen(config.port, '0.0.0.0');
  return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
});
