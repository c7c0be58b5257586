import { checkPrerequisites, report } from './prerequisites.js';

/**
 * `npm run doctor`: checks what `npm start` needs (Node, Postgres, Redis, the services'
 * configuration and ports) and prints one line per check; exits 1 if any failed.
 */
try {
  const findings = await checkPrerequisites({ env: process.env, for: 'start' });
  const passed = report(findings, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(
    passed ? 'Ready: npm start\n' : 'Fix the lines marked ✗ and run npm run doctor again.\n',
  );
  process.exitCode = passed ? 0 : 1;
} catch (error) {
  process.stderr.write(`doctor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
