import { setTimeout as sleep } from 'node:timers/promises';
import type { Respond } from '@rejoin/server';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A model for the fan-out row: streams at `tokensPerSecond` until stopped, and each token's text is
 * the time it was produced (` 1732531234567.123`, about the size of a real token). A client that
 * receives it subtracts that from its own clock: the latency of the server's whole path, from the
 * model's yield through the stream store, the subscription and the socket writer to the socket.
 */
export function createStampedModel(tokensPerSecond: number): Respond {
  const intervalMs = 1000 / tokensPerSecond;
  return async function* stampedModel({ signal }) {
    const startedAt = performance.now();
    for (let index = 0; ; index += 1) {
      // Paced against the start, like the simulated model, so timer lateness does not accumulate.
      const waitMs = startedAt + (index + 1) * intervalMs - performance.now();
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal });
        } catch {
          return;
        }
      }
      if (signal.aborted) return;
      yield ` ${wallClockMs().toFixed(3)}`;
    }
  };
}
