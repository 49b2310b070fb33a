/** How big and how long: a full run for the docs, or a smoke pass that only proves nothing crashes. */
export interface BenchSettings {
  readonly smoke: boolean;
  /** Measured rounds per timed comparison. */
  readonly rounds: number;
  /** Warm-up calls per contender before the first measured round. */
  readonly warmupIterations: number;
  /** Absolute path of the benchmarks workspace. */
  readonly root: string;
  /** Absolute path of the directory the bundles run from (child-process entries live here). */
  readonly outdir: string;
  /** Client counts for the fan-out row; null for the row's default. */
  readonly fanoutLevels: readonly number[] | null;
  /** Server processes for the fan-out row (more than one: a cluster on Redis, REDIS_URL). */
  readonly fanoutWorkers: number;
}
