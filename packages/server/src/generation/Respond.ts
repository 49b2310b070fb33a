import type { HistoryMessage, MessagePart, PartEvent } from '@rejoin/core/protocol';

/** What a model yields: plain text, or (protocol v2) a part event: reasoning, a tool call, a source, a file, data. */
export type RespondPiece = string | PartEvent;

/**
 * Given when a reply goes on after the user decided on a tool call awaiting approval: the same
 * assistant message continues, seq going on, with what the model yields now.
 */
export interface RespondContinuation {
  /** The assistant message being continued. */
  readonly messageId: string;
  /** The message so far, up to and including the decision (and `tool-denied` when denied). */
  readonly parts: readonly MessagePart[];
  /**
   * The decision. Approved: run the tool and yield its `tool-output` (or `tool-error`), then go on.
   * Denied: the server has written `tool-denied` already; go on without the tool.
   */
  readonly approval: { readonly toolCallId: string; readonly approved: boolean; readonly reason?: string };
}

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
  /** Present when the reply continues after a tool approval decision; see `RespondContinuation`. */
  readonly continuation?: RespondContinuation;
}

/**
 * The model: yields the reply piece by piece; each non-empty text piece and each part event becomes
 * one `chunk`. Throwing ends the message with finish reason `error`. After yielding a
 * `tool-approval-request`, the reply pauses (the iteration is ended) until the user decides; then
 * `respond` is called again with `continuation`.
 */
export type Respond = (input: RespondInput) => AsyncIterable<RespondPiece>;
