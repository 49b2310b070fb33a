import { setTimeout as sleep } from 'node:timers/promises';
import { RejoinError } from '@rejoin/core/protocol';
import type { Respond, RespondPiece } from './Respond.ts';
import { isResearchPrompt, simulatedResearchPieces } from './simulatedResearchReply.ts';
import { simulatedReplyTokens } from './simulatedReply.ts';

/** The simulated model's default pace, close to a hosted model's. */
export const DEFAULT_TOKENS_PER_SECOND = 30;

export interface SimulatedModelOptions {
  /**
   * How many tokens per second to stream. `Infinity` streams as fast as the event loop allows.
   * @default 30
   */
  readonly tokensPerSecond?: number;
}

/**
 * The default `respond`: a deterministic simulated model (the same conversation always gets the
 * same reply, see `simulatedReplyText`), streamed token by token at a steady pace. No network,
 * no model, no API key. Honours the abort signal between tokens. A prompt starting with "research"
 * gets the research reply with message parts and a tool approval (see simulatedResearchReply.ts),
 * each part event paced like a token.
 */
export function createSimulatedModel(options: SimulatedModelOptions = {}): Respond {
  const tokensPerSecond = options.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND;
  if (!(tokensPerSecond > 0)) {
    throw new RejoinError(
      'config/invalid',
      `[rejoin] tokensPerSecond must be a number > 0 (or Infinity), got ${tokensPerSecond}.`,
    );
  }
  const intervalMs = 1000 / tokensPerSecond;

  return async function* simulatedModel({ conversation, signal, continuation }) {
    const tokens: RespondPiece[] = isResearchPrompt(conversation.messages)
      ? simulatedResearchPieces(conversation.messages, continuation)
      : simulatedReplyTokens(conversation.messages);
    const startedAt = performance.now();
    for (let index = 0; index < tokens.length; index++) {
      // Pace against the start time rather than sleeping a fixed interval, so timer lateness
      // does not accumulate over a long reply.
      const waitMs = startedAt + (index + 1) * intervalMs - performance.now();
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal });
        } catch {
          return; // aborted
        }
      }
      if (signal.aborted) return;
      yield tokens[index] as RespondPiece;
    }
  };
}
