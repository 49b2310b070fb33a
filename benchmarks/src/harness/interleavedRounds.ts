import { Bench } from 'tinybench';
import { check } from './fail.ts';

/** One contender: its work, checked after every call, and what to prepare outside the timing. */
export interface Contender<T> {
  readonly name: string;
  /** Untimed, before every call: fresh state, so every call does the same work. */
  readonly prepare?: () => void;
  readonly run: () => T | Promise<T>;
  /** `run` returns a promise (tinybench then awaits it inside the timing). @default false */
  readonly async?: boolean;
  /** Throws (see `check`) when the call produced something wrong: a fast wrong answer is no result. */
  readonly verify: (result: T) => void;
}

export interface RoundsOptions {
  /** Measured rounds; every contender runs once per round. */
  readonly rounds: number;
  /** Unmeasured calls of each contender before the first round (JIT warm-up). */
  readonly warmupIterations: number;
}

export interface ContenderTiming {
  readonly name: string;
  /** Milliseconds per call, one per round. */
  readonly samples: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface RoundsResult {
  readonly timings: ReadonlyMap<string, ContenderTiming>;
  /**
   * `median time(denominator) / median time(numerator)`: how many times faster `numerator` is. The
   * rounds interleave the contenders, so both medians come from the same stretch of machine load.
   */
  speedup(numerator: string, denominator: string): number;
  readonly rounds: number;
  readonly warmupIterations: number;
}

export function median(values: readonly number[]): number {
  check(values.length > 0, 'median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs the contenders in interleaved rounds on tinybench: round `r` is one tinybench run of every
 * contender once, in an order rotated by `r`, so slow drift of a shared machine (other processes,
 * thermal state) lands on every contender alike instead of on whichever ran last. The first round
 * does tinybench's warm-up for each contender. A full GC runs before each call when `--expose-gc`
 * is on, so one contender's garbage is not collected on another's time.
 */
export async function runInterleavedRounds(
  contenders: readonly Contender<unknown>[],
  options: RoundsOptions,
): Promise<RoundsResult> {
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  const collect = globalThis.gc;
  for (let round = 0; round < options.rounds; round += 1) {
    const warm = round === 0 && options.warmupIterations > 0;
    const bench = new Bench({
      name: `round ${round + 1}`,
      iterations: 1,
      time: 0,
      warmup: warm,
      warmupIterations: warm ? options.warmupIterations : 0,
      warmupTime: 0,
      throws: true,
    });
    const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]!);
    for (const contender of order) {
      const isAsync = contender.async === true;
      bench.add(
        contender.name,
        isAsync
          ? async () => {
              contender.verify(await contender.run());
            }
          : () => {
              contender.verify(contender.run());
            },
        {
          async: isAsync,
          beforeEach: () => {
            contender.prepare?.();
            collect?.();
          },
        },
      );
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state === 'errored') throw result.error;
      check(result.state === 'completed', `${task.name} did not complete (${result.state})`);
      samples.get(task.name)!.push(result.latency.mean);
    }
  }
  const timings = new Map<string, ContenderTiming>();
  for (const [name, values] of samples) {
    timings.set(name, { name, samples: values, medianMs: median(values), minMs: Math.min(...values), maxMs: Math.max(...values) });
  }
  return {
    timings,
    rounds: options.rounds,
    warmupIterations: options.warmupIterations,
    speedup(numerator, denominator) {
      const fast = samples.get(numerator);
      const slow = samples.get(denominator);
      check(fast !== undefined && slow !== undefined, `no such contenders: ${numerator}, ${denominator}`);
      return median(slow) / median(fast);
    },
  };
}
