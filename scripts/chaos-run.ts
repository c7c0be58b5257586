import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_SUBSCRIBERS, MESSAGE_EFFECTS } from '@offera/contracts';

/**
 * `npm run test:chaos`: the end-to-end journeys once more with TRANSPORT_CHAOS=lose-first-answer
 * (every service drops each message's first answer after the commit, so everything is delivered
 * twice), then the coverage of that run: every state-changing message and event in the
 * catalogue that no journey delivered a second time, i.e. that has no redelivery test.
 * Exits with the test run's status.
 */
const JOURNEYS = process.argv.slice(2).length ? process.argv.slice(2) : ['test/e2e', 'apps/orders/test'];

const dir = mkdtempSync(join(tmpdir(), 'offera-chaos-'));
const report = join(dir, 'redelivered.txt');
writeFileSync(report, '');
const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    ...JOURNEYS,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      TRANSPORT_CHAOS: 'lose-first-answer',
      TRANSPORT_CHAOS_SEED: process.env.TRANSPORT_CHAOS_SEED ?? 'offera',
      TRANSPORT_CHAOS_REPORT: report,
    },
  },
);
const seconds = Math.round((Date.now() - started) / 1000);

const redelivered = new Set(
  readFileSync(report, 'utf8')
    .split('\n')
    .filter((line) => line !== ''),
);
rmSync(dir, { recursive: true, force: true });
const changing = [
  ...Object.entries(MESSAGE_EFFECTS)
    .filter(([, effect]) => effect === 'changes')
    .map(([name]) => name),
  ...Object.keys(EVENT_SUBSCRIBERS),
].sort();
const missing = changing.filter((name) => !redelivered.has(name));
process.stdout.write(
  `\nchaos run: ${seconds} s; ${changing.length - missing.length} of ${changing.length} state-changing ` +
    `messages and events were delivered twice and answered\n`,
);
for (const name of missing) process.stdout.write(`  no redelivery test: ${name}\n`);
process.exit(jest.status ?? 1);
