import type { ChatMessage } from '../model/message.ts';

/** A copy of `messages` with the message of the same id swapped for `message`; the others keep their identity. */
export function replaceMessage(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  return messages.map((m) => (m.id === message.id ? message : m));
}
