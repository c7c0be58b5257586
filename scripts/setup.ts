import 'reflect-metadata';
import { SETUP_PLAN } from './setup-plan.js';
import { setupFromEnv } from './setup-runner.js';

/** The setup step: database, roles, schemas and migrations. Safe to run again. */
setupFromEnv(SETUP_PLAN).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`setup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
