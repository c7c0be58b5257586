import 'reflect-metadata';
import { runWorker } from '@offera/runtime';
import { ordersWorker } from './orders.worker.js';

runWorker(ordersWorker);
