import 'reflect-metadata';
import { createWorkerApp, runMain, serviceLogger } from '@offera/runtime';
import { loadNotificationsConfig } from './config.js';
import { NotificationsModule } from './notifications.module.js';

runMain(async () => {
  const config = loadNotificationsConfig();
  const app = await createWorkerApp({
    service: 'notifications',
    module: NotificationsModule.forRoot(config),
    config,
    logger: serviceLogger('notifications', config.logLevel),
  });
  await app.listen(config.port, '0.0.0.0');
  return { app, shutdownTimeoutMs: config.shutdownTimeoutMs };
});
