import { setTimeout as sleep } from 'node:timers/promises';
import { simulatedResearchPieces, type Respond, type RespondPiece } from '@rejoin/server';
import type { HeldReply } from './holdableModel.ts';

/** Where a research reply's first run can be held: before the piece at this index is yielded. */
export type ResearchHoldPoint = (pieces: readonly RespondPiece[]) => number;

const kindOf = (piece: RespondPiece): string => (typeof piece === 'string' ? 'text' : piece.kind);

/** Mid-reasoning: every reasoning delta shown, the reasoning not ended. */
export const DURING_REASONING: ResearchHoldPoint = (pieces) => pieces.map(kindOf).indexOf('reasoning-end');

/**
 * Mid tool input: the `search` call started and its first input delta shown, its input not
 * complete (held before its last delta; `save_notes` streams no deltas).
 */
export const DURING_TOOL_INPUT: ResearchHoldPoint = (pieces) => pieces.map(kindOf).lastIndexOf('tool-input-delta');

/**
 * The simulated model's research reply (`simulatedResearchPieces`, the same pieces the reference
 * server's default model yields), one piece every 1/`piecesPerSecond` s, which a test can hold at
 * named moments of its first run (each `hold` arms the next one, in order), so that a reload
 * "during reasoning" or "during tool input" happens then however slow the machine. The approval
 * pause needs no hold: the server pauses the reply there itself. The continuation is not held.
 */
export function createHoldableResearchModel(piecesPerSecond: number): {
  readonly respond: Respond;
  hold(point: ResearchHoldPoint): HeldReply;
} {
  const intervalMs = 1000 / piecesPerSecond;
  const armed: { readonly point: ResearchHoldPoint; readonly reached: () => void; readonly released: Promise<void> }[] = [];
  const respond: Respond = async function* holdable({ conversation, signal, continuation }) {
    const pieces = simulatedResearchPieces(conversation.messages, continuation);
    const holds = continuation === undefined ? armed.splice(0) : [];
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    for (const [index, piece] of pieces.entries()) {
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return; // aborted
      }
      for (const hold of holds) {
        if (hold.point(pieces) !== index) continue;
        hold.reached();
        await Promise.race([hold.released, aborted]);
        if (signal.aborted) return;
      }
      yield piece;
    }
  };
  return {
    respond,
    hold(point) {
      let reached!: () => void;
      let release!: () => void;
      const held: HeldReply = {
        reached: new Promise<void>((resolve) => (reached = resolve)),
        release: () => release(),
      };
      armed.push({ point, reached, released: new Promise<void>((resolve) => (release = resolve)) });
      return held;
    },
  };
}
