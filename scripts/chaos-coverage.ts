import { readFileSync } from 'node:fs';
import { EVENT_SUBSCRIBERS, MESSAGE_EFFECTS } from '@offera/contracts';

/**
 * After the chaos run (`npm run test:chaos`): which state-changing messages and events the
 * journeys never delivered a second time after a dropped answer. Each one listed has no
 * redelivery test; exits non-zero when any is listed.
 */
const report = process.argv[2];
if (!report) {
  process.stderr.write('usage: node dist/scripts/chaos-coverage.js <TRANSPORT_CHAOS_REPORT file>\n');
  process.exit(2);
}
const redelivered = new Set(
  readFileSync(report, 'utf8')
    .split('\n')
    .filter((line) => line !== ''),
);
const changing = [
  ...Object.entries(MESSAGE_EFFECTS)
    .filter(([, effect]) => effect === 'changes')
    .map(([name]) => name),
  ...Object.keys(EVENT_SUBSCRIBERS),
].sort();
const missing = changing.filter((name) => !redelivered.has(name));
const covered = changing.length - missing.length;
process.stdout.write(
  `chaos coverage: ${covered} of ${changing.length} state-changing messages and events were delivered again and answered\n`,
);
for (const name of missing) process.stdout.write(`  no redelivery test: ${name}\n`);
process.exitCode = missing.length ? 1 : 0;
