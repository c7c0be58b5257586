export * from './queues.js';
export * from './errors.js';
export * from './messages.js';
export * from './events.js';
export * from './customers/customers.messages.js';
export * from './privacy/privacy.messages.js';
