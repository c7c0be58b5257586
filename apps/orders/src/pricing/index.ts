export * from './discount-code.js';
export * from './household-deduction.js';
export * from './money.js';
export * from './pricing-engine.js';
export * from './pricing-parameters.js';
