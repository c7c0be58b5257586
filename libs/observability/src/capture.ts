import { Writable } from 'node:stream';

/** Parsed log lines written to a capturing destination. */
export interface CapturedLogs {
  /** Pass as `createLogger({ destination })`. */
  readonly destination: Writable;
  /** Raw lines, in order. */
  readonly lines: string[];
  /** Every line parsed as JSON. */
  records(): Record<string, unknown>[];
  /** All output as one string, for `not.toContain(needle)` assertions. */
  text(): string;
}

/** A destination stream that keeps what a logger writes in memory (for tests). */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  let partial = '';
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.length > 0));
      callback();
    },
  });
  return {
    destination,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => [...lines, partial].join('\n'),
  };
}
