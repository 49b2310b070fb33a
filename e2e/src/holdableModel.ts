import { createSimulatedModel, simulatedReplyTokens, type Respond } from '@rejoin/server';

/** A reply held mid-stream: `reached` resolves once it is held, `release` lets it go on. */
export interface HeldReply {
  readonly reached: Promise<void>;
  release(): void;
}

/**
 * The simulated model, whose next replies a test can hold mid-stream until it says so, so that
 * what must happen "while the reply streams" does, however slow the machine (instead of racing
 * the model's pace). `at` is a number of characters, or `'end'` to hold before the last token.
 */
export function createHoldableModel(tokensPerSecond: number): { readonly respond: Respond; holdNextReply(at: number | 'end'): HeldReply } {
  const simulated = createSimulatedModel({ tokensPerSecond });
  const armed: { readonly at: number | 'end'; readonly reached: () => void; readonly released: Promise<void> }[] = [];
  const respond: Respond = async function* holdable(input) {
    let hold = armed.shift() ?? null;
    const total = simulatedReplyTokens(input.conversation.messages).length;
    let chars = 0;
    let tokens = 0;
    for await (const piece of simulated(input)) {
      const last = tokens === total - 1;
      if (hold !== null && ((hold.at === 'end' && last) || (typeof hold.at === 'number' && chars >= hold.at))) {
        hold.reached();
        const aborted = new Promise<void>((resolve) => input.signal.addEventListener('abort', () => resolve(), { once: true }));
        await Promise.race([hold.released, aborted]);
        if (input.signal.aborted) return;
        hold = null;
      }
      yield piece;
      chars += piece.length;
      tokens += 1;
    }
  };
  return {
    respond,
    holdNextReply(at) {
      let reached!: () => void;
      let release!: () => void;
      const held: HeldReply = {
        reached: new Promise<void>((resolve) => (reached = resolve)),
        release: () => release(),
      };
      armed.push({ at, reached, released: new Promise<void>((resolve) => (release = resolve)) });
      return held;
    },
  };
}
