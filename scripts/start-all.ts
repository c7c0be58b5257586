import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '@offera/config';
import { startDevOutbox } from './dev-outbox.js';
import { checkPrerequisites, report } from './prerequisites.js';
import { serviceEnvironment } from './service-env.js';
import { SETUP_PLAN } from './setup-plan.js';
import { setupFromEnv } from './setup-runner.js';
import { Supervisor } from './supervisor.js';

/**
 * `npm start`: checks the prerequisites, sets up the database, then runs all five services
 * against the local Postgres and Redis, each as its own process with its own database role,
 * restarting any that crashes, until Ctrl-C.
 */
// Compiled to dist/scripts/, beside dist/apps/.
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const write = (line: string) => process.stdout.write(`${line}\n`);
const fail = (what: string, error: unknown): never => {
  process.stderr.write(`${what}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};

const findings = await checkPrerequisites({ env: process.env, for: 'start' }).catch((e: unknown) =>
  fail('checking the prerequisites failed', e),
);
if (!report(findings, write)) {
  write('Fix the lines marked ✗ and run npm start again (npm run doctor checks without starting).');
  process.exit(1);
}
await setupFromEnv(SETUP_PLAN).catch((e: unknown) => fail('setup failed', e));

// Without a configured mail relay and SMS provider, deliver to local files instead.
const outbox =
  process.env.SMTP_URL || process.env.SMS_API_URL
    ? null
    : await startDevOutbox(join(process.cwd(), '.dev-outbox'));
if (outbox)
  write(
    `Email and SMS go to .dev-outbox/ (mail relay ${outbox.env.SMTP_URL}, SMS ${outbox.env.SMS_API_URL}; set SMTP_URL and SMS_API_URL to send for real)`,
  );

const supervisor = new Supervisor(write);
for (const service of SERVICES)
  supervisor.start({
    name: service,
    script: join(dist, 'apps', service, 'src/main.js'),
    env: serviceEnvironment(service, process.env, outbox?.env),
  });
write(
  `Offera is starting: API on http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}/api/v1, docs at /api/docs`,
);

let stopping = false;
const stop = (): void => {
  if (stopping) {
    write('Stopping now (second signal): killing the services');
    void supervisor.stop(true);
    return;
  }
  stopping = true;
  write('Stopping every service…');
  void supervisor
    .stop()
    .then(() => outbox?.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
