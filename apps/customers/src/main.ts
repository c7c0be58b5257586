import 'reflect-metadata';
import { runWorker } from '@offera/runtime';
import { customersWorker } from './customers.worker.js';

runWorker(customersWorker);
