/**
 * A seeded pseudo-random source for chaos tests: every random choice of a session comes from one
 * of these, so printing the seed is enough to replay the same sequence of choices.
 */
export interface SeededRandom {
  /** The seed it was created with, for the failure message. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose sequence depends only on this one's next value (for a sub-component). */
  fork(): SeededRandom;
}

/**
 * mulberry32: one 32-bit state word, full period, and fast. Not for cryptography; plenty for
 * choosing when to cut a socket.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: SeededRandom = {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick(items) {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    fork: () => createSeededRandom(Math.floor(next() * 2 ** 32)),
  };
  return random;
}
