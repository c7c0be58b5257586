/** Nearest-rank percentile of already sorted values (q in 0..1). */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Progress goes to stderr so stdout carries only the JSON result. */
export const progress = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};
