export * from './data-source-options.js';
export * from './outbox/outbox-message.entity.js';
export * from './outbox/outbox-relay.js';
export * from './outbox/outbox-table.sql.js';
export * from './outbox/outbox-writer.js';
export * from './pg.js';
export * from './setup/run-setup.js';
