import type { FileAttachment } from './parts.ts';
/**
 * A conversation as one client sees it: the server's history merged with what this client
 * streamed, typed or restored. The merge functions in `merge/` are the only code that builds it.
 */
import type { ChatMessage, ConversationStatus } from './message.ts';

/** The assistant stream this client follows in a conversation. */
export interface StreamState {
  readonly messageId: string;
  /** The last contiguous seq applied to the message's text. */
  readonly lastSeq: number;
  /** A chunk arrived past `lastSeq + 1`; a replay from `lastSeq` was requested and not yet served. */
  readonly awaitingReplay: boolean;
}

export interface ConversationState {
  readonly conversationId: string;
  /** Server order (by history index), then this client's pending messages in the order typed. */
  readonly messages: readonly ChatMessage[];
  /**
   * The server's status as last heard; `unknown` until loaded or announced. `unavailable` when the
   * server refused to load it (`not_found`, or `forbidden` from older servers) and this client never
   * started it: someone else's conversation, or one that does not exist, which the server does not
   * tell apart on purpose.
   */
  readonly status: ConversationStatus | 'unknown' | 'unavailable';
  /** True once a `conversation` frame (history) has been merged in. */
  readonly loaded: boolean;
  /** The stream being followed, or null when nothing is generating. */
  readonly stream: StreamState | null;
}

/** A user message typed by this client and not yet acknowledged by the server. */
export interface OutboxEntry {
  readonly conversationId: string;
  /** Generated on the client (nanoid) so a resend after reconnect is idempotent. */
  readonly messageId: string;
  readonly text: string;
  /** v2: files attached to the message, by URL. */
  readonly files?: readonly FileAttachment[];
  readonly createdAt: number;
  /**
   * Written to a socket at least once. The server may hold it then (the connection can drop
   * before the ack), so a stop can no longer recall it: only a message that never left the
   * browser is cancelled by a stop. Persisted, so a reload knows it too.
   */
  readonly sent?: true;
}

/**
 * A user's decision on a tool call awaiting approval, queued like a send: persisted, sent after
 * every handshake until the stream shows the server's `tool-approval-response` (or the server
 * answers `not_pending`). Resending is safe: the server ignores the same decision again.
 */
export interface PendingApproval {
  readonly conversationId: string;
  /** The assistant message holding the tool call. */
  readonly messageId: string;
  readonly toolCallId: string;
  readonly approved: boolean;
  readonly reason?: string;
}

export function emptyConversation(conversationId: string): ConversationState {
  return { conversationId, messages: [], status: 'unknown', loaded: false, stream: null };
}
