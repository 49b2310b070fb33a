import type { ConversationStatus, HistoryMessage } from '@rejoin/core/protocol';

/** How long a conversation title may be before it is cut, in characters. */
export const TITLE_MAX_CHARS = 60;

/** The title shown in a conversation list: the first user message, on one line, cut to 60 characters. */
export function conversationTitle(messages: readonly HistoryMessage[]): string {
  const first = messages.find((message) => message.role === 'user');
  if (first === undefined) return '';
  const line = first.text.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_MAX_CHARS) return line;
  // Cut on a code point boundary so a surrogate pair is never split in half.
  const cut = Array.from(line).slice(0, TITLE_MAX_CHARS - 1).join('').trimEnd();
  return `${cut}…`;
}

/**
 * The conversation's status as the protocol reports it: `streaming` while an assistant message
 * is being written, `errored` when the latest assistant message ended in an error, else `idle`.
 */
export function conversationStatus(messages: readonly HistoryMessage[]): ConversationStatus {
  if (messages.some((message) => message.status === 'streaming')) return 'streaming';
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'assistant') return message.status === 'error' ? 'errored' : 'idle';
  }
  return 'idle';
}
