import type { ChatMessage } from '../model/message.ts';

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
