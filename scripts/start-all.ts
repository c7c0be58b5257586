import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devDatabaseUrl, SERVICES, type ServiceName } from '@offera/config';
import { startDevOutbox } from './dev-outbox.js';
import { SETUP_PLAN } from './setup-plan.js';
import { serviceUrlVariable, setupFromEnv } from './setup-runner.js';

/**
 * `npm start`: sets up the database, then runs all five services against the local Postgres
 * and Redis, each as its own process with its own database role, until Ctrl-C.
 */
// Compiled to dist/scripts/, beside dist/apps/.
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const write = (line: string) => process.stdout.write(`${line}\n`);

await setupFromEnv(SETUP_PLAN);

// Without a configured mail relay and SMS provider, deliver to local files instead.
const outbox =
  process.env.SMTP_URL || process.env.SMS_API_URL
    ? null
    : await startDevOutbox(join(process.cwd(), '.dev-outbox'));
if (outbox) write('Email and SMS go to .dev-outbox/ (set SMTP_URL and SMS_API_URL to send for real)');

const children = new Map<ServiceName, ChildProcess>();
let stopping = false;

for (const service of SERVICES) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...outbox?.env, APP: service };
  // Each service connects as its own role; PORT defaults per service unless set for it.
  delete env.PORT;
  const portVar = `${service.toUpperCase()}_PORT`;
  if (process.env[portVar]) env.PORT = process.env[portVar];
  if (service !== 'gateway')
    env.DATABASE_URL = process.env[serviceUrlVariable(service)] ?? devDatabaseUrl(service);
  const child = spawn(process.execPath, [join(dist, 'apps', service, 'src/main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(service, child);
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      write(`${service} exited (${signal ?? code}); stopping the others`);
      stop(code ?? 1);
    } else if (children.size === 0) {
      void (outbox?.close() ?? Promise.resolve()).finally(() => process.exit(process.exitCode ?? 0));
    }
  });
}
write(
  `Offera is starting: API on http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}/api/v1, docs at /api/docs`,
);

function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) void (outbox?.close() ?? Promise.resolve()).finally(() => process.exit(code));
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
