import { createSimulatedModel, type Respond } from '@rejoin/server';

/** A reply held mid-stream: `reached` resolves once it is held, `release` lets it go on. */
export interface HeldReply {
  readonly reached: Promise<void>;
  release(): void;
}

/**
 * The simulated model, whose next reply a test can hold mid-stream until it says so, so that what
 * must happen "while the reply streams" does, however slow the machine (instead of racing the
 * model's pace).
 */
export function createHoldableModel(tokensPerSecond: number): { readonly respond: Respond; holdNextReply(afterChars: number): HeldReply } {
  const simulated = createSimulatedModel({ tokensPerSecond });
  let armed: { readonly afterChars: number; readonly reached: () => void; readonly released: Promise<void> } | null = null;
  const respond: Respond = async function* holdable(input) {
    let hold = armed;
    armed = null;
    let chars = 0;
    for await (const piece of simulated(input)) {
      yield piece;
      chars += piece.length;
      if (hold !== null && chars >= hold.afterChars) {
        hold.reached();
        const aborted = new Promise<void>((resolve) => input.signal.addEventListener('abort', () => resolve(), { once: true }));
        await Promise.race([hold.released, aborted]);
        hold = null;
      }
    }
  };
  return {
    respond,
    holdNextReply(afterChars) {
      let reached!: () => void;
      let release!: () => void;
      const held: HeldReply = {
        reached: new Promise<void>((resolve) => (reached = resolve)),
        release: () => release(),
      };
      armed = { afterChars, reached, released: new Promise<void>((resolve) => (release = resolve)) };
      return held;
    },
  };
}
