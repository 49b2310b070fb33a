import { setTimeout as sleep } from 'node:timers/promises';
import { simulatedReplyTokens, type Respond } from '@rejoin/server';

/** A reply held mid-stream: `reached` resolves once it is held, `release` lets it go on. */
export interface HeldReply {
  readonly reached: Promise<void>;
  release(): void;
}

/**
 * The simulated model's replies (`simulatedReplyTokens`), one token every 1/`tokensPerSecond` s,
 * whose next replies a test can hold mid-stream until it says so, so that what must happen "while
 * the reply streams" does, however slow the machine (instead of racing the model's pace). `at` is
 * a number of characters, or `'end'` to hold before the last token. Paced token by token (not
 * against the start time, as `createSimulatedModel` is), so a reply goes on streaming after a hold
 * rather than catching up in one burst.
 */
export function createHoldableModel(tokensPerSecond: number): { readonly respond: Respond; holdNextReply(at: number | 'end'): HeldReply } {
  const intervalMs = 1000 / tokensPerSecond;
  const armed: { readonly at: number | 'end'; readonly reached: () => void; readonly released: Promise<void> }[] = [];
  const respond: Respond = async function* holdable({ conversation, signal }) {
    let hold = armed.shift() ?? null;
    const tokens = simulatedReplyTokens(conversation.messages);
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    let chars = 0;
    for (const [index, token] of tokens.entries()) {
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return; // aborted
      }
      if (hold !== null && ((hold.at === 'end' && index === tokens.length - 1) || (typeof hold.at === 'number' && chars >= hold.at))) {
        hold.reached();
        await Promise.race([hold.released, aborted]);
        if (signal.aborted) return;
        hold = null;
      }
      yield token;
      chars += token.length;
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
