/**
 * Exponential backoff with full jitter (AWS architecture blog's "Full Jitter"): the n-th retry waits
 * a uniformly random time in [0, min(cap, base * 2^n)]. Full jitter spreads a crowd of clients that
 * lost the same server, so they do not all come back in the same millisecond.
 *
 * The machine must stay pure, so randomness comes from a small seeded generator whose state lives in
 * the machine's context: the same seed gives the same delays, which makes every path replayable.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, unitRandom: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(ceiling * unitRandom);
}

/** mulberry32: one 32-bit state word, a full period, good enough spread for jitter. */
export function nextRandom(seed: number): { readonly value: number; readonly seed: number } {
  const next = (seed + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, seed: next };
}
