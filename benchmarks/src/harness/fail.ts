/** A benchmark that measured something other than what it claims must stop the run, loudly. */
export class BenchmarkCheckFailed extends Error {
  constructor(message: string) {
    super(`[rejoin bench] ${message}`);
    this.name = 'BenchmarkCheckFailed';
  }
}

/** Throws `BenchmarkCheckFailed` unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new BenchmarkCheckFailed(message);
}
