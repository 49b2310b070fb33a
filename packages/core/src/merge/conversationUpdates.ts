/**
 * The small, identity-preserving operations every merge function is built from: find a message,
 * swap one, keep display order, settle a conversation's status. Each returns its input itself when
 * nothing changed, so an adapter's snapshot comparison sees no update.
 */
import type { ConversationState } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';

/**
 * `current` with `changes` applied, or `current` itself when no field changes identity.
 * Every merge function ends here, so "nothing happened" always yields the same object and an
 * adapter's snapshot comparison sees no update.
 */
export function nextConversation(
  current: ConversationState,
  changes: Partial<Pick<ConversationState, 'messages' | 'stream' | 'status' | 'loaded'>>,
): ConversationState {
  const messages = changes.messages ?? current.messages;
  const stream = changes.stream === undefined ? current.stream : changes.stream;
  const status = changes.status ?? current.status;
  const loaded = changes.loaded ?? current.loaded;
  if (
    messages === current.messages &&
    stream === current.stream &&
    status === current.status &&
    loaded === current.loaded
  ) {
    return current;
  }
  return { conversationId: current.conversationId, messages, status, loaded, stream };
}

/**
 * The position of a message in `messages`, or -1. Searches from the end because the messages
 * the merge functions touch (the streaming reply, the latest acks) sit at the end.
 */
export function positionOf(messages: readonly ChatMessage[], messageId: string): number {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]?.id === messageId) return i;
  }
  return -1;
}

/** A copy of `messages` with the message of the same id swapped for `message`; the others keep their identity. */
export function replaceMessage(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  return messages.map((m) => (m.id === message.id ? message : m));
}

/**
 * Puts messages in display order: messages with a server `index` first, by index; then the
 * messages without one (pending user messages, replies whose `message_start` has not arrived)
 * in their current relative order. Returns `messages` itself when it is already in that order,
 * so callers keep the array's identity when nothing moved.
 */
export function orderMessages(messages: readonly ChatMessage[]): readonly ChatMessage[] {
  if (isOrdered(messages)) return messages;
  const indexed = messages.filter((m) => m.index !== undefined);
  // Array.prototype.sort is stable, so equal indexes (only after a server lost its store) keep their order.
  indexed.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const unindexed = messages.filter((m) => m.index === undefined);
  return [...indexed, ...unindexed];
}

function isOrdered(messages: readonly ChatMessage[]): boolean {
  let previous = -Infinity;
  let seenUnindexed = false;
  for (const message of messages) {
    if (message.index === undefined) {
      seenUnindexed = true;
    } else {
      if (seenUnindexed || message.index < previous) return false;
      previous = message.index;
    }
  }
  return true;
}

/**
 * The conversation's status once no stream is followed: that of the newest reply held, so a late
 * `message_end` of an older reply cannot overwrite how the newest one ended. `errored` when the
 * newest reply failed, `idle` otherwise; `fallback` (made `idle` if it says `streaming`) when
 * no reply is held.
 */
export function settledStatus(
  messages: readonly ChatMessage[],
  fallback: ConversationState['status'],
): ConversationState['status'] {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message?.role === 'assistant') return message.status === 'error' ? 'errored' : 'idle';
  }
  return fallback === 'streaming' ? 'idle' : fallback;
}

/**
 * True once the server has ended the message (`complete`, `stopped` or `error`).
 * A finished message never reopens: its text is final, so late chunks and stale snapshots
 * must not touch it. `interrupted` is not finished: it is only this client's belief that the
 * server lost the stream, and any sign of life from the server overrides it.
 */
export function isFinished(message: ChatMessage): boolean {
  return message.status === 'complete' || message.status === 'stopped' || message.status === 'error';
}
