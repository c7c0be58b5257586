import 'reflect-metadata';
import { createWorkerApp, runMain, serviceLogger } from '@offera/runtime';
import { loadCustomersConfig } from './config.js';
import { CustomersModule } from './customers.module.js';

runMain(async () => {
  const config = loadCustomersConfig();
  const app = await createWorkerApp({
    service: 'customers',
    module: CustomersModule.forRoot(config),
    config,
    logger: serviceLogger('customers', config.logLevel),
  });
  await app.listen(config.port, '0.0.0.0');
  return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
});
