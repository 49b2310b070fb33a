import type { Respond } from '@rejoin/server';

/**
 * A model for the reference server that streams a fixed reply as fast as the server takes it, but
 * holds after `pauseAfter` tokens until `release()`: the benchmark then knows exactly how far a
 * client had read when it went away.
 */
export function createGatedModel(tokens: readonly string[]) {
  let pauseAfter = Infinity;
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const respond: Respond = async function* gatedModel({ signal }) {
    const holdAt = pauseAfter;
    const held = gate;
    for (let index = 0; index < tokens.length; index += 1) {
      if (index === holdAt) await held;
      if (signal.aborted) return;
      yield tokens[index]!;
      // Let the socket writes go out now and then, as a model's network pace would.
      if (index % 64 === 63) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return {
    respond,
    /** The next reply holds after `count` tokens. */
    holdAfter(count: number): void {
      pauseAfter = count;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
  };
}
