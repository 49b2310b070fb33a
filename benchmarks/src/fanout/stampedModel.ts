import type { Respond } from '@rejoin/server';
import { TokenPacer } from './TokenPacer.ts';

const timeOrigin = performance.timeOrigin;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
export function wallClockMs(): number {
  return timeOrigin + performance.now();
}

/**
 * A model for the fan-out row: streams at `tokensPerSecond` until stopped, and each token's text is
 * the time it was produced (`1732531234567.123`, about the size of a long token). A client that
 * receives it subtracts that from its own clock: the latency of the server's whole path, from the
 * model's yield through the stream store, the subscription and the socket writer to the socket.
 *
 * Every reply of the process is paced by one `TokenPacer` (one timer, not one per token), the way
 * a real model's tokens reach a server as reads from a few upstream connections. The iterator is
 * written by hand rather than as an async generator, whose every step allocates several promises
 * and request objects: at 200,000 tokens/s the stand-in model must not be what the process spends
 * its time on.
 */
export function createStampedModel(tokensPerSecond: number, pacer: TokenPacer = new TokenPacer()): Respond {
  const intervalMs = 1000 / tokensPerSecond;
  return ({ signal }) => ({
    [Symbol.asyncIterator]: (): AsyncIterator<string> => {
      // A flag rather than the `aborted` getter, which is slow enough to show at this rate.
      let aborted = signal.aborted;
      signal.addEventListener('abort', () => (aborted = true), { once: true });
      const startedAt = performance.now();
      let index = 0;
      // Paced against the start, so a late wake-up is caught up on instead of accumulating; one
      // token per wake-up, so a stream that is behind catches up one tick at a time.
      const stamp = (): IteratorResult<string> =>
        aborted
          ? { done: true, value: undefined }
          : // As produced, one flat string: a prefix would make a two-part string that the stream
            // store then retains, both parts, for as long as the reply streams.
            { done: false, value: wallClockMs().toFixed(3) };
      return {
        next: () => {
          index += 1;
          return pacer.until(startedAt + index * intervalMs).then(stamp);
        },
        return: () => {
          aborted = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  });
}
