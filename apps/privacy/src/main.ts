import 'reflect-metadata';
import { createWorkerApp, runMain, serviceLogger } from '@offera/runtime';
import { loadPrivacyConfig } from './config.js';
import { PrivacyModule } from './privacy.module.js';

runMain(async () => {
  const config = loadPrivacyConfig();
  const app = await createWorkerApp({
    service: 'privacy',
    module: PrivacyModule.forRoot(config),
    config,
    logger: serviceLogger('privacy', config.logLevel),
  });
  await app.listen(config.port, '0.0.0.0');
  return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
});
