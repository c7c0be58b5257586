import { defineWorker } from '@offera/runtime';
import { loadNotificationsConfig } from './config.js';
import { NotificationsModule } from './notifications.module.js';

/** The notifications service: its queue, configuration and root module. */
export const notificationsWorker = defineWorker({
  service: 'notifications',
  loadConfig: loadNotificationsConfig,
  module: (config) => NotificationsModule.forRoot(config),
});
