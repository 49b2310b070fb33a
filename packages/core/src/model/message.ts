import type { MessagePart } from './parts.ts';

/**
 * The chat domain shared by the protocol, the merge functions, the machine and the adapters.
 * Kept free of any I/O so every layer can import it.
 */

/** Who wrote a message. */
export type MessageRole = 'user' | 'assistant';

/** Why an assistant message ended. `stopped` is a user's `stop`, never a disconnect. */
export type FinishReason = 'complete' | 'stopped' | 'error';

/**
 * A message as the server stores it in a conversation's history.
 * `seq` is the last chunk sequence number folded into `text` (assistant messages only).
 */
export interface HistoryMessage {
  readonly id: string;
  readonly role: MessageRole;
  readonly text: string;
  /** `streaming` only for the one assistant message a generation is writing right now. */
  readonly status: 'complete' | 'streaming' | 'stopped' | 'error';
  /** Milliseconds since the epoch, as set by the server (or by the client for a pending message). */
  readonly createdAt: number;
  /** Assistant messages: the last chunk seq that `text` contains. */
  readonly seq?: number;
  /** User messages: the id of the assistant message that answers it, once known. */
  readonly replyTo?: string;
  /**
   * v2 sessions: the message's parts up to `seq` (user messages: text and files). `text` stays the
   * joined text parts, so a v1 reader loses nothing it could show.
   */
  readonly parts?: readonly MessagePart[];
}

/**
 * A message as the client shows it. Adds the client-only states:
 * - `pending`: a user message typed locally and not yet acknowledged by the server (sits in the outbox);
 * - `interrupted`: a streaming assistant message whose stream the server no longer knows
 *   (for example after a server restart with an in-memory store).
 */
export interface ChatMessage {
  readonly id: string;
  readonly role: MessageRole;
  /** The joined text parts, kept in step with `parts`. */
  readonly text: string;
  /** What the message is made of, in order: text, reasoning, tool calls, sources, files, data. */
  readonly parts: readonly MessagePart[];
  readonly status: 'pending' | 'complete' | 'streaming' | 'stopped' | 'error' | 'interrupted';
  readonly createdAt: number;
  readonly seq?: number;
  /** The message's 0-based place in the server's history, once acknowledged. */
  readonly index?: number;
}

/** The server's status of a conversation (the seed's GetConversationStatus). */
export type ConversationStatus = 'idle' | 'streaming' | 'errored';

/** Where a client stands in one assistant stream; sent in `hello` and `subscribe` to resume. */
export interface StreamCursor {
  readonly conversationId: string;
  readonly messageId: string;
  /** The last seq the client holds; 0 when it holds nothing yet. */
  readonly lastSeq: number;
}
