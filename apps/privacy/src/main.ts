import 'reflect-metadata';
import { runWorker } from '@offera/runtime';
import { privacyWorker } from './privacy.worker.js';

runWorker(privacyWorker);
