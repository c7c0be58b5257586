import 'reflect-metadata';
import { checkPrerequisites, report } from './prerequisites.js';
import { SETUP_PLAN } from './setup-plan.js';
import { setupFromEnv } from './setup-runner.js';

/** The setup step: database, roles, schemas and migrations. Safe to run again. */
const fail = (err: unknown) => {
  process.stderr.write(`setup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
};

try {
  const findings = await checkPrerequisites({ env: process.env, for: 'setup' });
  const problems = findings.filter((f) => f.level !== 'ok');
  if (!report(problems, (line) => process.stderr.write(`${line}\n`))) process.exit(1);
} catch (error) {
  fail(error);
}
setupFromEnv(SETUP_PLAN).then(() => process.exit(0), fail);
