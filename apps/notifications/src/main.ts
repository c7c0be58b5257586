import 'reflect-metadata';
import { runWorker } from '@offera/runtime';
import { notificationsWorker } from './notifications.worker.js';

runWorker(notificationsWorker);
