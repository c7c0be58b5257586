export { captureLogs, type CapturedLogs } from '@offera/observability';
export * from './redis.js';
export * from './scan-postgres.js';
export * from './test-database.js';
export * from './wait-for.js';
