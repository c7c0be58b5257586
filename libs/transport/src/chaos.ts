import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * A development and test mode that proves handlers safe under at-least-once delivery: a service
 * runs a message's handler, lets it commit, and then drops the answer of its first delivery, as
 * a worker does that dies or loses its connection after the commit. The transport delivers the
 * message again (same message id), and that second answer is the one the caller gets.
 */
export interface TransportChaos {
  readonly mode: 'lose-first-answer';
  /** Share of messages whose first answer is dropped, in (0, 1]. */
  readonly rate: number;
  /** Chooses the same messages on every run with the same seed and message ids. */
  readonly seed: string;
  /** A file each process appends the names of the messages it answered after a drop to. */
  readonly report?: string;
}

const MODE = 'lose-first-answer';

/**
 * `off` (or empty) → none; `lose-first-answer` → every message; `lose-first-answer:0.3` → a
 * seeded 30 %. Throws with a clear reason on anything else, and in production.
 */
export function parseTransportChaos(
  value: string | undefined,
  seed: string | undefined,
  nodeEnv: string | undefined,
  report?: string,
): TransportChaos | undefined {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === 'off') return undefined;
  const match = /^lose-first-answer(?::(\d*\.?\d+))?$/.exec(raw);
  if (!match) throw new Error(`TRANSPORT_CHAOS must be off, ${MODE} or ${MODE}:<rate in (0,1]>`);
  const rate = match[1] === undefined ? 1 : Number(match[1]);
  if (!(rate > 0 && rate <= 1)) throw new Error('TRANSPORT_CHAOS rate must be in (0, 1]');
  if (nodeEnv === 'production') throw new Error('TRANSPORT_CHAOS is for development and tests only');
  return { mode: MODE, rate, seed: seed ?? '', ...(report ? { report } : {}) };
}

/**
 * Whether this delivery's answer is dropped: only a first delivery of a message that can be
 * delivered again, and (below rate 1) the seeded share of message ids, so a rerun drops the
 * same ones.
 */
export function losesAnswer(
  chaos: TransportChaos | undefined,
  messageId: string | undefined,
  attemptsMade: number,
  maxAttempts: number,
): boolean {
  if (!chaos || attemptsMade > 0 || maxAttempts < 2) return false;
  if (chaos.rate >= 1) return true;
  const digest = createHash('sha256')
    .update(`${chaos.seed}\0${messageId ?? ''}`)
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < chaos.rate;
}

export function describeChaos(chaos: TransportChaos): string {
  const share = chaos.rate >= 1 ? 'every message' : `${Math.round(chaos.rate * 100)} % of messages`;
  return (
    `TRANSPORT_CHAOS=${chaos.mode}${chaos.rate < 1 ? `:${chaos.rate}` : ''}: the answer of the first delivery ` +
    `of ${share} is dropped after the handler commits, so the transport delivers it again. ` +
    'Never run this in production.'
  );
}

/** Names already written to the report by this process. */
const reported = new Set<string>();

/**
 * Records that a message was delivered again after its first answer was dropped, and answered:
 * the chaos run's coverage check reads these names.
 */
export function reportRedelivered(
  chaos: TransportChaos | undefined,
  name: string,
  attemptsMade: number,
): void {
  if (!chaos?.report || attemptsMade === 0 || reported.has(name)) return;
  reported.add(name);
  appendFileSync(chaos.report, `${name}\n`);
}
