/** A measured duration's spread, in milliseconds. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

/** Median (mean of the middle two for an even count), nearest-rank p90, min and max of `values`. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('[rejoin] e2e: nothing to summarize; the measurement loop recorded no value.');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number) => sorted[Math.min(sorted.length - 1, Math.max(0, index))] as number;
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? at(Math.floor(middle)) : (at(middle - 1) + at(middle)) / 2;
  return { n: sorted.length, median, p90: at(Math.ceil(0.9 * sorted.length) - 1), min: at(0), max: at(sorted.length - 1) };
}
