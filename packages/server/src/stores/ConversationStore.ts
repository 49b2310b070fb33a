import type { ConversationSummary, HistoryMessage, MessagePart } from '@rejoin/core/protocol';

/** Who owns a conversation and when it last changed. */
export interface ConversationRecord {
  readonly conversationId: string;
  /** The user whose first `send` created the conversation; only they may use it. */
  readonly ownerId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The outcome of storing a message whose id may have been stored before. */
export interface AppendResult {
  /** The message's 0-based place in the conversation's history. */
  readonly index: number;
  /** True when a message with this id was already stored; nothing was changed. */
  readonly duplicate: boolean;
  /** The message as stored (the first one, for a duplicate). */
  readonly message: HistoryMessage;
}

/** The fields of a stored message that may change after it is appended. */
export interface MessagePatch {
  readonly text?: string;
  readonly status?: HistoryMessage['status'];
  readonly seq?: number;
  readonly replyTo?: string;
  /** Protocol v2: the message's parts (its `text` is their joined text parts). */
  readonly parts?: readonly MessagePart[];
}

export interface HistoryOptions {
  /** Return only the most recent `limit` messages (still oldest first). */
  readonly limit?: number;
}

/**
 * Where conversations and their histories live. Every method is async so a networked store
 * (Redis, SQL) implements the same contract as the in-memory one.
 *
 * A message id is unique within its conversation; `appendMessage` uses it to make a client's
 * resend idempotent. Implementations keep `updatedAt` current on every append and update, and
 * may maintain the list summary incrementally with `conversationTitle` and `conversationStatus`.
 */
export interface ConversationStore {
  /** The conversation, or null when no conversation has this id. */
  get(conversationId: string): Promise<ConversationRecord | null>;
  /**
   * Creates the conversation owned by `ownerId` unless one with this id exists, atomically, and
   * returns whichever record is stored: the caller compares `ownerId` to learn whether it won.
   */
  create(conversationId: string, ownerId: string, createdAt: number): Promise<ConversationRecord>;
  /**
   * Appends `message` to the conversation's history unless a message with the same id is there.
   * Rejects with a `store/invariant` RejoinError when the conversation does not exist.
   */
  appendMessage(conversationId: string, message: HistoryMessage): Promise<AppendResult>;
  /** The conversation's messages, oldest first; empty when the conversation does not exist. */
  history(conversationId: string, options?: HistoryOptions): Promise<readonly HistoryMessage[]>;
  /** Applies `patch` to one stored message and returns it, or null when there is no such message. */
  updateMessage(conversationId: string, messageId: string, patch: MessagePatch): Promise<HistoryMessage | null>;
  /** The owner's conversations, most recently updated first. */
  listByOwner(ownerId: string): Promise<readonly ConversationSummary[]>;
  /** Releases timers and connections. The server calls it only on stores it created itself. */
  close(): Promise<void>;
}
