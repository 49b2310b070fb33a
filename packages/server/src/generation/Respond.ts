import type { HistoryMessage } from '@rejoin/core/protocol';

/** What a model is asked to answer. */
export interface RespondInput {
  readonly conversation: {
    readonly conversationId: string;
    /**
     * The history up to and including the user message to answer (always the last one), oldest
     * first. Later messages are left out so a reply depends only on what came before it.
     */
    readonly messages: readonly HistoryMessage[];
  };
  /**
   * Aborted when the user stops the reply or the server shuts down. Stop producing text and
   * return; the server ends the iteration itself if the model does not.
   */
  readonly signal: AbortSignal;
}

/**
 * The model: yields the reply piece by piece; each non-empty piece becomes one `chunk`. Throwing
 * ends the message with finish reason `error`.
 */
export type Respond = (input: RespondInput) => AsyncIterable<string>;
