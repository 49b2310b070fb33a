import type { ChatMessage } from '../model/message.ts';

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
