export * from './env.js';
export * from './service-env.js';
export * from './secret-strength.js';
