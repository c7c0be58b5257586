export * from './database-unavailable.js';
export * from './infrastructure.js';
export * from './outbox.module.js';
export * from './queue-metrics.module.js';
export * from './redis-recovery.js';
export * from './sealed-outbox.js';
export * from './worker-app.js';
export * from './worker-definition.js';
